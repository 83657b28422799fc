/** Type declarations for the plain-JavaScript Stripe emulator (tools/stripe-emulator/*.js). */

/** A Stripe API object as the emulator stores and returns it: the API's JSON, whose fields depend on `object`. */
export interface StripeObject {
  id: string;
  object: string;
  [field: string]: unknown;
}

/** A Stripe event as the emulator records and delivers it. */
export interface EmulatorEvent {
  id: string;
  object: 'event';
  /** The connected account it happened on; absent on the platform. */
  account?: string;
  api_version: string;
  created: number;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

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
  configureWebhook(cfg: {
    url?: string | null;
    secret?: string | null;
    retryDelaysMs?: number[];
    retry_delays_ms?: number[];
    timeoutMs?: number;
    timeout_ms?: number;
  }): WebhookConfig;
  webhookConfig(): WebhookConfig;
  pauseWebhooks(): WebhookConfig;
  resumeWebhooks(o?: { flush?: boolean }): Promise<WebhookConfig & { delivered: Delivery[] }>;
  deliveries(filter?: { event_id?: string; type?: string }): Delivery[];
  events(filter?: { type?: string }): EmulatorEvent[];
  redeliver(eventId: string): Promise<Delivery>;
  deliver(eventIds: string[], order?: 'given' | 'reverse'): Promise<Delivery[]>;
  idle(timeoutMs?: number): Promise<boolean>;
  completeAction(intentId: string, outcome?: 'succeed' | 'fail'): StripeObject;
  dispute(paymentIntentOrChargeId: string, o?: { reason?: string; amount?: number }): StripeObject;
  closeDispute(disputeId: string, status?: 'won' | 'lost'): StripeObject;
  enableAccount(accountId: string): StripeObject;
  setAutoEnableAccounts(on: boolean): void;
  settlePayout(payoutId: string, status?: 'paid' | 'failed'): StripeObject;
  /** Matching API requests answer 503 api_error until endOutage(). */
  startOutage(match?: { method?: string; path?: string }): { outages: number };
  endOutage(): { outages: number };
  reset(): { reset: true };
  object(id: string): StripeObject | null;
}

export interface Emulator {
  url: string;
  port: number;
  host: string;
  state: {
    objects: Map<string, { scope: string; obj: StripeObject; internal: Record<string, unknown> }>;
    events: EmulatorEvent[];
    requests: number;
  };
  control: EmulatorControl;
  close(): Promise<void>;
}

export function createEmulator(options?: EmulatorOptions): Promise<Emulator>;
export function signPayload(payload: string, secret: string, timestamp?: number): string;
export function parseForm(body: string): Record<string, unknown>;
export const DEFAULT_API_VERSION: string;
