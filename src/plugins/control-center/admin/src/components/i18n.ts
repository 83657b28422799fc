import { useIntl } from 'react-intl';
import { t } from '../pluginId';

/**
 * `m(id, defaultMessage, values?)`: a string of this plugin through the admin i18n (ids live in
 * translations/en.json, prefixed with the plugin id at registration).
 */
export const useMessages = () => {
  const intl = useIntl();
  const m = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    intl.formatMessage({ id: t(id), defaultMessage }, values);
  const date = (iso: string | null | undefined) =>
    iso ? intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' } as Intl.DateTimeFormatOptions) : '—';
  /** With seconds: for figures refreshed every few seconds (health checks). */
  const instant = (iso: string | null | undefined) =>
    iso ? intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'medium' } as Intl.DateTimeFormatOptions) : '—';
  const day = (iso: string) => intl.formatDate(`${iso}T12:00:00Z`, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const money = (minor: number, currency: string) =>
    intl.formatNumber(minor / 100, { style: 'currency', currency, maximumFractionDigits: 0 });
  const number = (value: number) => intl.formatNumber(value);
  const percent = (value: number) => intl.formatNumber(value, { style: 'percent', maximumFractionDigits: 1 });
  return { m, date, instant, day, money, number, percent };
};
