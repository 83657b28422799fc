import { CalendarError } from './errors';

export const FEED_URL_MAX_LENGTH = 2048;

/**
 * The canonical form of an import URL a vendor typed: `webcal://` / `webcals://` (what calendar apps
 * hand out) become `https://`; only http(s) is accepted; no user:password (it would sit in our logs and
 * fetch refuses it anyway); the fragment is dropped. Where the host points is checked separately
 * (src/infra/safe-fetch.ts), at registration and again on every connection.
 */
export const normaliseFeedUrl = (input: string): string => {
  const text = input.trim().replace(/^webcals?:\/\//i, 'https://');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CalendarError('invalid_url', 'The URL is not valid', { reason: 'INVALID_URL' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CalendarError('invalid_url', 'Only http(s) and webcal URLs can be imported', { reason: 'INVALID_URL' });
  }
  if (url.username || url.password) {
    throw new CalendarError('invalid_url', 'The URL must not contain a user name or password', { reason: 'INVALID_URL' });
  }
  if (!url.hostname) throw new CalendarError('invalid_url', 'The URL has no host', { reason: 'INVALID_URL' });
  url.hash = '';
  const href = url.href;
  if (href.length > FEED_URL_MAX_LENGTH) {
    throw new CalendarError('invalid_url', `The URL is longer than ${FEED_URL_MAX_LENGTH} characters`, { reason: 'INVALID_URL' });
  }
  return href;
};

/** The host of a URL as an IP literal would be written for net.isIP (IPv6 without brackets). */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');
