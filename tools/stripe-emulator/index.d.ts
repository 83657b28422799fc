/** Type declarations for the plain-JavaScript Stripe emulator (tools/stripe-emulator/*.js). */

export interface WebhookOptions {
  url?: string | null;
  secret?: string | null;
  /** Delays between retries; attempts = 1 + retryDelaysMs.length. Default [250, 1000, 4000]. */
  retryDelaysMs?: number[];
  /** Per-attempt timeout. Default 5000. */
  timeoutMs?: number;
}

export interface EmulatorOptions {
  port?: number;
  host?: string;
  apiVersion?: string;
  /** New connected accounts start with charges_enabled/payouts_enabled = true. */
  autoEnableAccounts?: boolean;
  webhook?: WebhookOptions;
  log?: (entry: Record<string, unknown>) => void;
}

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface Delivery {
  id: string;
  event_id: string;
  type: string;
  reason: 'automatic' | 'redeliver' | 'replay' | 'resume';
  status: 'queued' | 'in_flight' | 'retrying' | 'succeeded' | 'failed' | 'canceled';
  status_code: number | null;
  url: string | null;
  attempts: DeliveryAttempt[];
}

export interface WebhookConfig {
  url: string | null;
  secret: string | null;
  retry_delays_ms: number[];
  timeout_ms: number;
  paused: boolean;
}

export interface EmulatorControl {
  configureWebhook(cfg: { url?: string | null; secret?: string | null; retryDelaysMs?: number[]; retry_delays_ms?: number[]; timeoutMs?: number; timeout_ms?: number }): WebhookConfig;
  webhookConfig(): WebhookConfig;
  pauseWebhooks(): WebhookConfig;
  resumeWebhooks(o?: { flush?: boolean }): Promise<WebhookConfig & { delivered: Delivery[] }>;
  deliveries(filter?: { event_id?: string; type?: string }): Delivery[];
  events(filter?: { type?: string }): any[];
  redeliver(eventId: string): Promise<Delivery>;
  deliver(eventIds: string[], order?: 'given' | 'reverse'): Promise<Delivery[]>;
  idle(timeoutMs?: number): Promise<boolean>;
  completeAction(intentId: string, outcome?: 'succeed' | 'fail'): any;
  dispute(paymentIntentOrChargeId: string, o?: { reason?: string; amount?: number }): any;
  closeDispute(disputeId: string, status?: 'won' | 'lost'): any;
  enableAccount(accountId: string): any;
  setAutoEnableAccounts(on: boolean): void;
  settlePayout(payoutId: string, status?: 'paid' | 'failed'): any;
  /** Matching API requests answer 503 api_error until endOutage(). */
  startOutage(match?: { method?: string; path?: string }): { outages: number };
  endOutage(): { outages: number };
  reset(): { reset: true };
  object(id: string): any;
}

export interface Emulator {
  url: string;
  port: number;
  host: string;
  state: { objects: Map<string, { scope: string; obj: any; internal: any }>; events: any[]; requests: number };
  control: EmulatorControl;
  close(): Promise<void>;
}

export function createEmulator(options?: EmulatorOptions): Promise<Emulator>;
export function signPayload(payload: string, secret: string, timestamp?: number): string;
export function parseForm(body: string): Record<string, any>;
export const DEFAULT_API_VERSION: string;
