import type { Core } from '@strapi/strapi';
import { currentRequestId } from '../../src/infra/request-id';

type QueryListener = (query: { sql: string }) => void;
interface QueryEvents {
  on(event: 'query', listener: QueryListener): void;
  removeListener(event: 'query', listener: QueryListener): void;
}

/**
 * The SQL statements one HTTP request sent: only those issued inside that request's context (matched by its
 * `X-Request-Id`), so background work running meanwhile (notification jobs, read-model refreshes of an earlier
 * write) is not counted against the request.
 */
export const statementsOfRequest = async <R extends { headers: Record<string, unknown> }>(
  strapi: Core.Strapi,
  send: () => Promise<R>
): Promise<{ response: R; statements: string[] }> => {
  const sent: Array<{ sql: string; requestId: string | null }> = [];
  const connection = strapi.db.connection as unknown as QueryEvents;
  const listener: QueryListener = (query) => sent.push({ sql: query.sql, requestId: currentRequestId(strapi) });
  connection.on('query', listener);
  let response: R;
  try {
    response = await send();
  } finally {
    connection.removeListener('query', listener);
  }
  const requestId = response.headers['x-request-id'];
  if (typeof requestId !== 'string') throw new Error('the response carries no X-Request-Id');
  return { response, statements: sent.filter((statement) => statement.requestId === requestId).map(({ sql }) => sql) };
};
