import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { appService } from '../../../../../../api/app-services';
import { venueZone } from '../../../../../../domain/local-time';

export interface ReportingSettings {
  timezone: string;
  currency: string;
}

const reportingSchema = z.object({
  timezone: z.string().refine((zone) => {
    try {
      venueZone(zone);
      return true;
    } catch {
      return false;
    }
  }),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

export const DEFAULT_REPORTING: ReportingSettings = { timezone: 'UTC', currency: 'EUR' };

/** The `analytics.reporting` system setting; a malformed value falls back to UTC / EUR. */
export const reportingSettings = async (strapi: Core.Strapi): Promise<ReportingSettings> => {
  const values = await appService(strapi, 'api::system-setting.settings').getMany(['analytics.reporting']);
  const parsed = reportingSchema.safeParse(values['analytics.reporting']);
  return parsed.success ? parsed.data : DEFAULT_REPORTING;
};
