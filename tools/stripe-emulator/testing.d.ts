import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorEvent } from './index';

export interface ReceivedWebhook {
  rawBody: string;
  headers: IncomingHttpHeaders;
  event: EmulatorEvent;
  status: number;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  /** HTTP status the receiver answers with (default 200), or a function of the 0-based request index. */
  respondWith: number | ((index: number) => number);
  received: ReceivedWebhook[];
  waitFor(predicate: (r: ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  ofType(type: string): ReceivedWebhook[];
  close(): Promise<void>;
}

export function startWebhookReceiver(options?: { host?: string }): Promise<WebhookReceiver>;
