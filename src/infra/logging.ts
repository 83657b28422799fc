import { winston } from '@strapi/logger';
import { currentRequestId } from './request-id';

/**
 * The app's log format (config/logger.ts). Every line written while a request runs carries its `request_id`;
 * production (or LOG_FORMAT=json) writes one JSON object per line for a log collector, development the
 * familiar readable line with the id appended.
 */
const withRequestId = winston.format((info) => {
  const id = currentRequestId((globalThis as { strapi?: Parameters<typeof currentRequestId>[0] }).strapi);
  if (id) info.request_id = id;
  return info;
});

export const jsonLogFormat = () =>
  winston.format.combine(
    withRequestId(),
    winston.format.timestamp(),
    winston.format.errors({ stack: true }),
    winston.format.json()
  );

export const readableLogFormat = () =>
  winston.format.combine(
    withRequestId(),
    winston.format.timestamp({ format: 'YYYY-MM-DD HH:mm:ss.SSS' }),
    winston.format.colorize(),
    winston.format.errors({ stack: true }),
    winston.format.printf(({ level, message, timestamp, request_id: requestId, stack }) => {
      const text = typeof stack === 'string' ? stack : String(message);
      return `[${String(timestamp)}] ${level}: ${text}${requestId ? ` (request ${String(requestId)})` : ''}`;
    })
  );

export const logFormat = (options: { json: boolean }) => (options.json ? jsonLogFormat() : readableLogFormat());
