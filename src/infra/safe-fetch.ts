import dns, { type LookupAddress } from 'node:dns';
import net from 'node:net';
import { Agent, fetch, type Response } from 'undici';
import { isPublicAddress } from '../domain/calendar/address-policy';
import { CalendarError } from '../domain/calendar/errors';
import { hostOf } from '../domain/calendar/feed-url';

/**
 * Outbound HTTP for user-supplied URLs (iCal imports), guarded against SSRF: every connection, including
 * each redirect hop, may only reach public unicast addresses. The check runs inside the connection's own
 * DNS lookup, so a name that resolves to a public address at registration and to 127.0.0.1 later (DNS
 * rebinding) is still refused. `ICAL_ALLOW_PRIVATE_HOSTS=true` lifts the guard (tests, intranets).
 */
export const allowPrivateHosts = (): boolean => process.env.ICAL_ALLOW_PRIVATE_HOSTS === 'true';

const numberFromEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

export const fetchLimits = () => ({
  timeoutMs: numberFromEnv('ICAL_FETCH_TIMEOUT_MS', 15_000),
  maxBytes: numberFromEnv('ICAL_MAX_BYTES', 5 * 1024 * 1024),
});

const MAX_REDIRECTS = 5;
const NOT_ALLOWED = 'EHOSTNOTALLOWED';

const notAllowed = (host: string) =>
  new CalendarError('host_not_allowed', `${host} is a private, loopback or otherwise non-public address`, {
    reason: 'HOST_NOT_ALLOWED',
  });

/** Resolves a host name and refuses it if any of its addresses is not public. */
const resolvePublic = async (host: string): Promise<void> => {
  if (net.isIP(host)) {
    if (!isPublicAddress(host)) throw notAllowed(host);
    return;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true });
  } catch {
    throw new CalendarError('invalid_url', `The host ${host} could not be resolved`, { reason: 'UNRESOLVABLE_HOST' });
  }
  if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address))) throw notAllowed(host);
};

/** Registration-time check of a normalised URL: the host must resolve to public addresses only. */
export const assertFetchableUrl = async (href: string): Promise<void> => {
  if (allowPrivateHosts()) return;
  await resolvePublic(hostOf(new URL(href)));
};

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** net.connect's `lookup`, refusing non-public answers (runs for every new connection). */
const guardedLookup = (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const list = addresses as LookupAddress[];
    if (list.length === 0 || list.some((a) => !isPublicAddress(a.address))) {
      return callback(Object.assign(new Error(`${hostname} resolves to a non-public address`), { code: NOT_ALLOWED }), '');
    }
    if (options.all) return callback(null, list);
    return callback(null, list[0].address, list[0].family);
  });
};

export type FetchOutcome =
  { status: 'not_modified' } | { status: 'ok'; body: string; etag: string | null; lastModified: string | null; url: string };

const causeCode = (error: unknown): string | undefined => {
  for (
    let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth += 1
  ) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
};

/** Reads at most `maxBytes` of the body (after decompression); more is an error, not a truncation. */
const readCapped = async (response: Response, maxBytes: number): Promise<string> => {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new CalendarError('feed_too_large', `The feed is larger than ${maxBytes} bytes`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new CalendarError('feed_too_large', `The feed is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
};

/**
 * GETs a calendar feed: conditional (If-None-Match / If-Modified-Since) when validators are given,
 * redirects followed by hand (each hop checked), a time limit for the whole exchange and a size cap.
 * Failures are CalendarErrors (fetch_failed, feed_too_large, host_not_allowed, invalid_url).
 */
export const fetchCalendar = async (
  href: string,
  validators: { etag?: string | null; lastModified?: string | null } = {}
): Promise<FetchOutcome> => {
  const { timeoutMs, maxBytes } = fetchLimits();
  const allowPrivate = allowPrivateHosts();
  const agent = new Agent({
    connect: allowPrivate ? { timeout: timeoutMs } : { timeout: timeoutMs, lookup: guardedLookup as never },
  });
  const signal = AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = {
    'user-agent': 'Tofimotia-Calendar-Sync/1.0',
    accept: 'text/calendar, text/plain;q=0.9, */*;q=0.5',
  };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;

  let url = new URL(href);
  try {
    for (let hop = 0; ; hop += 1) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new CalendarError('fetch_failed', `Redirected to an unsupported URL scheme ${url.protocol}`);
      }
      if (url.username || url.password) throw new CalendarError('fetch_failed', 'Redirected to a URL with credentials');
      // IP literals never reach the lookup hook: check them here.
      const host = hostOf(url);
      if (!allowPrivate && net.isIP(host) && !isPublicAddress(host)) throw notAllowed(host);

      const response = await fetch(url, { headers, redirect: 'manual', signal, dispatcher: agent });
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        if (!location) throw new CalendarError('fetch_failed', `HTTP ${response.status} without a Location`);
        if (hop >= MAX_REDIRECTS) throw new CalendarError('fetch_failed', `More than ${MAX_REDIRECTS} redirects`);
        url = new URL(location, url);
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel().catch(() => undefined);
        if (!validators.etag && !validators.lastModified)
          throw new CalendarError('fetch_failed', 'HTTP 304 to an unconditional request');
        return { status: 'not_modified' };
      }
      if (response.status < 200 || response.status >= 300) {
        await response.body?.cancel().catch(() => undefined);
        throw new CalendarError('fetch_failed', `The calendar server answered HTTP ${response.status}`, {
          http_status: response.status,
        });
      }
      const body = await readCapped(response, maxBytes);
      return {
        status: 'ok',
        body,
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
        url: url.href,
      };
    }
  } catch (error) {
    if (error instanceof CalendarError) throw error;
    if (causeCode(error) === NOT_ALLOWED) throw notAllowed(url.hostname);
    const name = (error as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError' || signal.aborted) {
      throw new CalendarError('fetch_failed', `The calendar server did not answer within ${Math.round(timeoutMs / 1000)} s`);
    }
    const code = causeCode(error);
    throw new CalendarError('fetch_failed', `Could not fetch the calendar${code ? ` (${code})` : ''}`);
  } finally {
    await agent.close().catch(() => undefined);
  }
};
