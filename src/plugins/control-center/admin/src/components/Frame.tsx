import { Layouts } from '@strapi/strapi/admin';
import type * as React from 'react';

/** A control-center page: header (title, subtitle, actions) and content. */
export const Frame = ({
  title,
  subtitle,
  actions,
  children,
}: {
  title: string;
  subtitle?: string;
  actions?: React.ReactNode;
  children: React.ReactNode;
}) => (
  <>
    <Layouts.Header title={title} subtitle={subtitle} primaryAction={actions} />
    <Layouts.Content>{children}</Layouts.Content>
  </>
);
