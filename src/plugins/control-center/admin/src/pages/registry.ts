import * as React from 'react';
import type { Area } from '../../../server/src/permissions';

/** One page of the control center: its path under /plugins/control-center, its area action and its label. */
export interface AreaPage {
  path: string;
  area: Area;
  label: { id: string; defaultMessage: string };
  Component: React.LazyExoticComponent<React.ComponentType>;
}

const label = (id: string, defaultMessage: string) => ({ id: `control-center.${id}`, defaultMessage });

/** The pages, in side-navigation order. A page appears here only once it works end to end. */
export const PAGES: AreaPage[] = [
  {
    path: 'dashboard',
    area: 'dashboard',
    label: label('nav.dashboard', 'Dashboard'),
    Component: React.lazy(() => import('./Dashboard/DashboardPage')),
  },
  {
    path: 'vendors',
    area: 'vendors',
    label: label('nav.vendors', 'Vendors'),
    Component: React.lazy(() => import('./Vendors/VendorsPage')),
  },
  {
    path: 'venues',
    area: 'venues',
    label: label('nav.venues', 'Venues'),
    Component: React.lazy(() => import('./Venues/VenuesPage')),
  },
  {
    path: 'moderation',
    area: 'moderation',
    label: label('nav.moderation', 'Moderation'),
    Component: React.lazy(() => import('./Moderation/ModerationPage')),
  },
  {
    path: 'tickets',
    area: 'tickets',
    label: label('nav.tickets', 'Support'),
    Component: React.lazy(() => import('./Tickets/TicketsPage')),
  },
  {
    path: 'users',
    area: 'users',
    label: label('nav.users', 'Users'),
    Component: React.lazy(() => import('./Users/UsersPage')),
  },
  {
    path: 'settings',
    area: 'settings',
    label: label('nav.settings', 'Settings'),
    Component: React.lazy(() => import('./Settings/SettingsPage')),
  },
  {
    path: 'audit',
    area: 'audit',
    label: label('nav.audit', 'Audit log'),
    Component: React.lazy(() => import('./Audit/AuditPage')),
  },
  {
    path: 'reports',
    area: 'reports',
    label: label('nav.reports', 'Reports'),
    Component: React.lazy(() => import('./Reports/ReportsPage')),
  },
  {
    path: 'health',
    area: 'dashboard',
    label: label('nav.health', 'System health'),
    Component: React.lazy(() => import('./Health/HealthPage')),
  },
];
