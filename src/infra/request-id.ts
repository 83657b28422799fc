import crypto from 'node:crypto';

/**
 * Request ids: every HTTP request carries one (src/middlewares/request-id.ts), echoed as `X-Request-Id`, stored
 * on audit rows and added to every log line written while the request runs (src/infra/logging.ts). A proxy's id
 * is kept when it is a sane token, so one id follows a request from nginx through the app.
 */
export const REQUEST_ID_HEADER = 'X-Request-Id';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** The caller's id when it is a sane token (8–64 of `A-Za-z0-9._:-`), else a new UUID. */
export const acceptRequestId = (given: string | undefined | null): string =>
  given && SANE_REQUEST_ID.test(given) ? given : crypto.randomUUID();

interface RequestContextHolder {
  requestContext?: { get(): { state?: { requestId?: unknown } } | undefined };
}

/** The id of the request the current async context belongs to (Strapi's request context), if any. */
export const currentRequestId = (strapi: RequestContextHolder | undefined): string | null => {
  const id = strapi?.requestContext?.get()?.state?.requestId;
  return typeof id === 'string' ? id : null;
};
