'use strict';

const http = require('node:http');
const https = require('node:https');
const crypto = require('node:crypto');

/**
 * Stripe-compatible webhook signing: `t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>`.
 * @param {string} payload @param {string} secret @param {number} [timestamp]
 */
function signPayload(payload, secret, timestamp = Math.floor(Date.now() / 1000)) {
  const v1 = crypto.createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/**
 * @typedef {{ attempt: number, at: string, status_code: number|null, error: string|null, duration_ms: number }} Attempt
 * @typedef {{ id: string, event_id: string, type: string, reason: 'automatic'|'redeliver'|'replay'|'resume',
 *   status: 'queued'|'in_flight'|'retrying'|'succeeded'|'failed'|'canceled', status_code: number|null,
 *   url: string|null, attempts: Attempt[] }} Delivery
 * @typedef {{ url?: string|null, secret?: string|null, retryDelaysMs?: number[], timeoutMs?: number }} WebhookConfig
 */

class WebhookDispatcher {
  /** @param {WebhookConfig} [config] */
  constructor(config = {}) {
    /** @type {string|null} */ this.url = null;
    /** @type {string|null} */ this.secret = null;
    this.retryDelaysMs = [250, 1000, 4000];
    this.timeoutMs = 5000;
    this.paused = false;
    this.closed = false;
    /** @type {Delivery[]} */ this.deliveries = [];
    /** @type {{ delivery: Delivery, event: any }[]} */ this.backlog = [];
    this.active = 0;
    /** @type {Set<() => void>} */ this.idleWaiters = new Set();
    /** @type {Set<{ timer: NodeJS.Timeout, resolve: () => void }>} */ this.sleeps = new Set();
    /** @type {Set<http.ClientRequest>} */ this.requests = new Set();
    this.seq = 0;
    this.configure(config);
  }

  /** @param {WebhookConfig} config */
  configure(config) {
    if (config.url !== undefined) this.url = config.url || null;
    if (config.secret !== undefined) this.secret = config.secret || null;
    if (Array.isArray(config.retryDelaysMs)) this.retryDelaysMs = config.retryDelaysMs.map(Number);
    if (config.timeoutMs !== undefined) this.timeoutMs = Number(config.timeoutMs);
  }

  config() {
    return {
      url: this.url,
      secret: this.secret,
      retry_delays_ms: this.retryDelaysMs,
      timeout_ms: this.timeoutMs,
      paused: this.paused,
    };
  }

  get enabled() {
    return Boolean(this.url);
  }

  /** @param {any} event @param {Delivery['reason']} reason @returns {Delivery} */
  _record(event, reason) {
    this.seq += 1;
    /** @type {Delivery} */
    const delivery = {
      id: `whdel_${String(this.seq).padStart(6, '0')}`,
      event_id: event.id,
      type: event.type,
      reason,
      status: 'queued',
      status_code: null,
      url: this.url,
      attempts: [],
    };
    this.deliveries.push(delivery);
    return delivery;
  }

  /** Automatic delivery of a freshly created event (queued while paused). @param {any} event */
  onEvent(event) {
    if (!this.enabled || this.closed) return;
    const delivery = this._record(event, 'automatic');
    if (this.paused) this.backlog.push({ delivery, event });
    else void this._run(delivery, event);
  }

  /** Deliver an event now (duplicate/replay), resolving once it succeeded or exhausted its retries. */
  /** @param {any} event @param {Delivery['reason']} reason */
  deliverNow(event, reason) {
    if (!this.enabled) return Promise.reject(new Error('no webhook url configured'));
    return this._run(this._record(event, reason), event);
  }

  pause() {
    this.paused = true;
  }

  /** Resume automatic delivery; the backlog is delivered in creation order, one after another. */
  async resume({ flush = true } = {}) {
    this.paused = false;
    const backlog = this.backlog.splice(0);
    if (!flush) {
      for (const { delivery } of backlog) delivery.status = 'canceled';
      return [];
    }
    for (const { delivery, event } of backlog) {
      delivery.reason = 'resume';
      await this._run(delivery, event);
    }
    return backlog.map((b) => b.delivery);
  }

  /** Resolves when no delivery is in flight or waiting for a retry. @param {number} [timeoutMs] */
  idle(timeoutMs = 10_000) {
    if (this.active === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.idleWaiters.delete(done);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.idleWaiters.delete(done);
        resolve(false);
      }, timeoutMs);
      this.idleWaiters.add(done);
    });
  }

  /** @param {Delivery} delivery @param {any} event */
  async _run(delivery, event) {
    this.active += 1;
    try {
      const payload = JSON.stringify(event, null, 2);
      const maxAttempts = 1 + this.retryDelaysMs.length;
      for (let attempt = 1; attempt <= maxAttempts && !this.closed; attempt += 1) {
        delivery.status = 'in_flight';
        const url = this.url;
        const secret = this.secret || '';
        delivery.url = url;
        if (!url) {
          delivery.status = 'failed';
          break;
        }
        const started = Date.now();
        const result = await this._post(url, payload, signPayload(payload, secret));
        delivery.attempts.push({
          attempt,
          at: new Date(started).toISOString(),
          status_code: result.statusCode,
          error: result.error,
          duration_ms: Date.now() - started,
        });
        delivery.status_code = result.statusCode;
        if (result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300) {
          delivery.status = 'succeeded';
          return delivery;
        }
        if (attempt < maxAttempts) {
          delivery.status = 'retrying';
          await this._sleep(this.retryDelaysMs[attempt - 1]);
        } else {
          delivery.status = 'failed';
        }
      }
      if (this.closed && delivery.status !== 'succeeded' && delivery.status !== 'failed') delivery.status = 'canceled';
      return delivery;
    } finally {
      this.active -= 1;
      if (this.active === 0) for (const w of [...this.idleWaiters]) w();
    }
  }

  /** @param {number} ms */
  _sleep(ms) {
    return /** @type {Promise<void>} */ (
      new Promise((resolve) => {
        const entry = {
          timer: setTimeout(() => {
            this.sleeps.delete(entry);
            resolve();
          }, ms),
          resolve: () => resolve(),
        };
        this.sleeps.add(entry);
      })
    );
  }

  /** @param {string} url @param {string} payload @param {string} signature
   * @returns {Promise<{ statusCode: number|null, error: string|null }>} */
  _post(url, payload, signature) {
    return new Promise((resolve) => {
      let target;
      try {
        target = new URL(url);
      } catch {
        resolve({ statusCode: null, error: `invalid url ${url}` });
        return;
      }
      const lib = target.protocol === 'https:' ? https : http;
      const req = lib.request(target, {
        method: 'POST',
        agent: false,
        timeout: this.timeoutMs,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(payload),
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signature,
          Connection: 'close',
        },
      });
      this.requests.add(req);
      const finish = (/** @type {{ statusCode: number|null, error: string|null }} */ r) => {
        this.requests.delete(req);
        resolve(r);
      };
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => finish({ statusCode: res.statusCode ?? null, error: null }));
        res.on('error', (e) => finish({ statusCode: res.statusCode ?? null, error: e.message }));
      });
      req.on('timeout', () => req.destroy(new Error(`timed out after ${this.timeoutMs} ms`)));
      req.on('error', (e) => finish({ statusCode: null, error: /** @type {any} */ (e).code || e.message }));
      req.end(payload);
    });
  }

  reset() {
    this.backlog = [];
    this.deliveries = [];
    this.paused = false;
  }

  close() {
    this.closed = true;
    for (const s of this.sleeps) {
      clearTimeout(s.timer);
      s.resolve();
    }
    this.sleeps.clear();
    for (const r of this.requests) r.destroy(new Error('emulator closed'));
    this.backlog = [];
  }
}

module.exports = { WebhookDispatcher, signPayload };
