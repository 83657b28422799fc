import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local calendar server for the sync tests: serves whatever .ics text (or status) a path is given,
 * answers conditional GETs with 304 when the ETag matches, can delay answers, and records each request.
 */
export interface IcsServer {
  url: (path: string) => string;
  port: number;
  /** Serve this calendar text at `path` (200 with an ETag of the text). */
  set: (path: string, body: string) => void;
  /** Answer `path` with this status and no calendar. */
  fail: (path: string, status: number) => void;
  /** Delay every answer by `ms`. */
  delay: (ms: number) => void;
  /** Hold every answer until `resume()` (requests are still recorded as they arrive). */
  pause: () => void;
  resume: () => void;
  requests: { path: string; ifNoneMatch: string | null; at: number }[];
  /** Most requests that were in flight at the same time. */
  maxConcurrent: () => number;
  close: () => Promise<void>;
}

export const startIcsServer = async (): Promise<IcsServer> => {
  const routes = new Map<string, { status: number; body: string }>();
  const requests: IcsServer['requests'] = [];
  let delayMs = 0;
  let paused: (() => void)[] | null = null;
  let inFlight = 0;
  let peak = 0;
  const server = http.createServer((req, res) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    const path = (req.url ?? '/').split('?')[0];
    requests.push({ path, ifNoneMatch: (req.headers['if-none-match'] as string | undefined) ?? null, at: Date.now() });
    const answer = () =>
      setTimeout(() => {
        inFlight -= 1;
        const route = routes.get(path);
        if (!route) {
          res.writeHead(404).end('not found');
          return;
        }
        if (route.status !== 200) {
          res.writeHead(route.status, { 'content-type': 'text/plain' }).end('error');
          return;
        }
        const etag = `"${crypto.createHash('sha1').update(route.body).digest('hex')}"`;
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, { etag }).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', etag }).end(route.body);
      }, delayMs);
    if (paused) paused.push(answer);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    set: (path, body) => routes.set(path, { status: 200, body }),
    fail: (path, status) => routes.set(path, { status, body: '' }),
    delay: (ms) => {
      delayMs = ms;
    },
    pause: () => {
      paused ??= [];
    },
    resume: () => {
      const waiting = paused ?? [];
      paused = null;
      waiting.forEach((answer) => answer());
    },
    requests,
    maxConcurrent: () => peak,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** An instant as an iCalendar UTC date-time (20261201T100000Z). */
export const icsUtc = (iso: string): string =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');

export const icsCalendar = (...events: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tofimotia tests//EN', ...events, 'END:VCALENDAR'].join('\r\n') + '\r\n';

export const icsEvent = (uid: string, start: string, end: string, ...extra: string[]): string =>
  [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:20260101T000000Z`,
    `DTSTART:${icsUtc(start)}`,
    `DTEND:${icsUtc(end)}`,
    ...extra,
    'END:VEVENT',
  ].join('\r\n');
