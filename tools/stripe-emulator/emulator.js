'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const { parseForm, canonical } = require('./form');
const { TEST_CARDS, NUMBER_TO_TOKEN, tokenToPaymentMethod } = require('./cards');
const { WebhookDispatcher } = require('./webhooks');

const DEFAULT_API_VERSION = '2026-10-28.endive';
const PLATFORM = 'platform';
/** Stripe's minimum charge amounts for a few common currencies (smallest unit). */
const MIN_AMOUNT = { usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50, chf: 50, nzd: 50, sek: 300, nok: 300, dkk: 250, jpy: 50 };
const EDITABLE_PI = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

class ApiError extends Error {
  /** @param {number} status @param {string} type @param {string} message @param {Record<string, any>} [extra] */
  constructor(status, type, message, extra = {}) {
    super(message);
    this.status = status;
    this.type = type;
    this.extra = extra;
  }

  body() {
    return { error: { type: this.type, message: this.message, ...this.extra } };
  }
}

/** @param {string} message @param {Record<string, any>} [extra] */
const invalid = (message, extra) => new ApiError(400, 'invalid_request_error', message, extra);
/** @param {string} name @param {string} id @param {string} [param] */
const noSuch = (name, id, param = 'id') =>
  new ApiError(404, 'invalid_request_error', `No such ${name}: '${id}'`, { code: 'resource_missing', param });
/** @param {string} param */
const paramMissing = (param) => invalid(`Missing required param: ${param}.`, { code: 'parameter_missing', param });

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** @param {number} n */
function randomToken(n) {
  let s = '';
  for (const b of crypto.randomBytes(n)) s += ALPHABET[b % ALPHABET.length];
  return s;
}
/** @param {string} prefix */
const newId = (prefix) => `${prefix}_1${randomToken(23)}`;
const now = () => Math.floor(Date.now() / 1000);
/** @template T @param {T} v @returns {T} */
const clone = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

// ---- parameter coercion (Stripe receives strings; JSON control bodies may carry real types) ----
/** @param {any} v @param {string} param @param {{ required?: boolean, min?: number }} [o] @returns {number|undefined} */
function asInt(v, param, o = {}) {
  if (v === undefined || v === '' || v === null) {
    if (o.required) throw paramMissing(param);
    return undefined;
  }
  if (typeof v === 'number' ? !Number.isInteger(v) : !/^-?\d+$/.test(String(v))) {
    throw invalid(`Invalid integer: ${typeof v === 'object' ? JSON.stringify(v) : v}`, {
      code: 'parameter_invalid_integer',
      param,
    });
  }
  const n = Number(v);
  if (o.min !== undefined && n < o.min) {
    throw invalid(`This value must be greater than or equal to ${o.min}.`, { code: 'parameter_invalid_integer', param });
  }
  return n;
}
/** @param {any} v @param {string} param @param {{ required?: boolean }} [o] @returns {string|undefined} */
function asStr(v, param, o = {}) {
  if (v === undefined || v === '' || v === null) {
    if (o.required) throw paramMissing(param);
    return undefined;
  }
  if (typeof v === 'object') throw invalid(`Invalid string: ${JSON.stringify(v)}`, { code: 'parameter_invalid_string', param });
  return String(v);
}
/** @param {any} v @param {string} param @returns {boolean|undefined} */
function asBool(v, param) {
  if (v === undefined || v === '' || v === null) return undefined;
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw invalid(`Invalid boolean: ${v}`, { code: 'parameter_invalid_boolean', param });
}
/** @param {any} v @param {string} param @param {string[]} allowed @returns {string|undefined} */
function asEnum(v, param, allowed) {
  const s = asStr(v, param);
  if (s !== undefined && !allowed.includes(s)) {
    throw invalid(`Invalid ${param}: must be one of ${allowed.join(', ')}`, { code: 'parameter_invalid_string', param });
  }
  return s;
}
/** @param {any} v @param {string} param @returns {Record<string, any>} */
function asObj(v, param) {
  if (v === undefined || v === '' || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid(`Invalid object`, { param });
  return v;
}
/** Stripe metadata semantics: `metadata=` clears, `metadata[k]=` removes k. @param {any} v @param {Record<string,string>} [base] */
function mergeMetadata(v, base = {}) {
  if (v === undefined) return base;
  if (v === '' || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid('Invalid object', { param: 'metadata' });
  const out = { ...base };
  for (const [k, val] of Object.entries(v)) {
    if (val === '' || val === null) delete out[k];
    else out[k] = String(val);
  }
  if (Object.keys(out).length > 50) throw invalid('Metadata can have at most 50 keys.', { param: 'metadata' });
  return out;
}
/** @param {any} v */
function asCurrency(v) {
  const c = asStr(v, 'currency', { required: true });
  if (!/^[a-zA-Z]{3}$/.test(/** @type {string} */ (c))) throw invalid(`Invalid currency: ${c}.`, { param: 'currency' });
  return /** @type {string} */ (c).toLowerCase();
}
/** @param {number} amount @param {string} currency */
function checkMinimum(amount, currency) {
  const min = /** @type {Record<string, number>} */ (MIN_AMOUNT)[currency];
  if (min !== undefined && amount < min) {
    throw invalid(`Amount must be at least ${min} ${currency} (smallest currency unit)`, {
      code: 'amount_too_small',
      param: 'amount',
    });
  }
}

/**
 * @typedef {{ scope: string, obj: any, internal: any }} Entry
 * @typedef {{ scope: string, params: Record<string, any>, requestId: string, idempotencyKey: string|null,
 *   method: string, path: string, match: Record<string, string>, apiKey: string }} Ctx
 * @typedef {{ status?: number, body: any, headers?: Record<string, string> }} Result
 */

/**
 * Start a local, stateful Stripe API emulator.
 * @param {{ port?: number, host?: string, apiVersion?: string, autoEnableAccounts?: boolean,
 *   webhook?: { url?: string|null, secret?: string|null, retryDelaysMs?: number[], timeoutMs?: number },
 *   log?: (entry: Record<string, any>) => void }} [options]
 */
async function createEmulator(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  const log = options.log;
  const dispatcher = new WebhookDispatcher(options.webhook ?? {});
  let autoEnableAccounts = Boolean(options.autoEnableAccounts);
  let baseUrl = '';

  const state = {
    /** @type {Map<string, Entry>} */ objects: new Map(),
    /** @type {any[]} */ events: [],
    /** @type {Map<string, { fingerprint: string, status: number, body: string, requestId: string }>} */ idempotency: new Map(),
    requests: 0,
    dispatcher,
  };

  // ---------------------------------------------------------------- storage
  /** @param {string} scope @param {any} obj @param {any} [internal] */
  function put(scope, obj, internal = {}) {
    state.objects.set(obj.id, { scope, obj, internal });
    return obj;
  }
  /** @param {string} scope @param {string} id @param {string} type @returns {Entry|undefined} */
  function entry(scope, id, type) {
    const e = state.objects.get(id);
    if (!e || e.scope !== scope || e.obj.object !== type) return undefined;
    return e;
  }
  /** @param {string} scope @param {string} id @param {string} type @param {string} name @param {string} [param] */
  function mustGet(scope, id, type, name, param) {
    const e = entry(scope, id, type);
    if (!e || e.obj.deleted) throw noSuch(name, id, param);
    return e.obj;
  }
  /** Objects of a type in a scope, newest first. @param {string} scope @param {string} type */
  function all(scope, type) {
    const out = [];
    for (const e of state.objects.values()) if (e.scope === scope && e.obj.object === type && !e.obj.deleted) out.push(e.obj);
    return out.reverse();
  }
  /** Stripe list envelope with limit/starting_after/ending_before. @param {any[]} items @param {Ctx} ctx */
  function list(items, ctx) {
    const p = ctx.params;
    const limit = asInt(p.limit, 'limit', { min: 1 }) ?? 10;
    if (limit > 100) throw invalid('This value must be less than or equal to 100.', { param: 'limit' });
    let start = 0;
    let end = items.length;
    const after = asStr(p.starting_after, 'starting_after');
    const before = asStr(p.ending_before, 'ending_before');
    if (after) {
      const i = items.findIndex((o) => o.id === after);
      if (i < 0) throw noSuch('object', after, 'starting_after');
      start = i + 1;
    } else if (before) {
      const i = items.findIndex((o) => o.id === before);
      if (i < 0) throw noSuch('object', before, 'ending_before');
      end = i;
      start = Math.max(0, end - limit);
    }
    const data = items.slice(start, Math.min(end, start + limit));
    const hasMore = before ? start > 0 : start + data.length < end;
    return { object: 'list', data, has_more: hasMore, url: ctx.path };
  }

  // ---------------------------------------------------------------- events
  /** @param {string} type @param {any} obj @param {string} scope @param {Ctx|null} ctx @param {any} [previous] */
  function emit(type, obj, scope, ctx, previous) {
    const event = {
      id: newId('evt'),
      object: 'event',
      ...(scope !== PLATFORM ? { account: scope } : {}),
      api_version: apiVersion,
      created: now(),
      data: { object: clone(obj), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: dispatcher.enabled ? 1 : 0,
      request: { id: ctx ? ctx.requestId : null, idempotency_key: ctx ? ctx.idempotencyKey : null },
      type,
    };
    state.events.push(event);
    put(scope, event);
    dispatcher.onEvent(event);
    return event;
  }

  // ---------------------------------------------------------------- payment methods
  /** @param {string} token */
  function paymentMethodFromCard(token) {
    const card = TEST_CARDS[token];
    const year = new Date().getUTCFullYear() + 3;
    return {
      id: newId('pm'),
      object: 'payment_method',
      allow_redisplay: 'unspecified',
      billing_details: {
        address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
        email: null,
        name: null,
        phone: null,
      },
      card: {
        brand: card.brand,
        display_brand: card.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        country: card.country ?? 'US',
        exp_month: 12,
        exp_year: year,
        fingerprint: crypto.createHash('sha1').update(token).digest('hex').slice(0, 16),
        funding: card.funding ?? 'credit',
        last4: card.last4,
        networks: { available: [card.brand], preferred: null },
        three_d_secure_usage: { supported: true },
        wallet: null,
      },
      created: now(),
      customer: null,
      livemode: false,
      metadata: {},
      type: 'card',
    };
  }
  /** Turn a test token (`pm_card_visa`) into a fresh stored PaymentMethod, or load an existing one. */
  /** @param {string} scope @param {string} ref @param {string} [param] */
  function usePaymentMethod(scope, ref, param = 'payment_method') {
    const token = tokenToPaymentMethod(ref);
    if (token) return put(scope, paymentMethodFromCard(token), { card: TEST_CARDS[token], token });
    return mustGet(scope, ref, 'payment_method', 'PaymentMethod', param);
  }
  /** @param {string} id @returns {import('./cards').TestCard} */
  function cardOf(id) {
    return state.objects.get(id)?.internal?.card ?? TEST_CARDS.pm_card_visa;
  }
  /** @param {string} scope @param {string} id */
  function customerOrThrow(scope, id, param = 'customer') {
    return mustGet(scope, id, 'customer', 'customer', param);
  }

  // ---------------------------------------------------------------- charges / payment intents
  /** @param {string} scope @param {any} pi @param {any} pm @param {import('./cards').Decline|null} decline */
  function createCharge(scope, pi, pm, decline) {
    const ch = {
      id: newId('ch'),
      object: 'charge',
      amount: pi.amount,
      amount_captured: 0,
      amount_refunded: 0,
      application_fee: null,
      application_fee_amount: pi.application_fee_amount,
      balance_transaction: decline ? null : newId('txn'),
      billing_details: pm.billing_details,
      captured: false,
      created: now(),
      currency: pi.currency,
      customer: pi.customer,
      description: pi.description,
      disputed: false,
      failure_code: decline ? decline.code : null,
      failure_message: decline ? decline.message : null,
      livemode: false,
      metadata: { ...pi.metadata },
      on_behalf_of: pi.on_behalf_of,
      outcome: decline
        ? {
            network_status: 'declined_by_network',
            reason: decline.decline_code,
            risk_level: 'normal',
            seller_message: 'The bank did not return any further details with this decline.',
            type: 'issuer_declined',
          }
        : {
            network_status: 'approved_by_network',
            reason: null,
            risk_level: 'normal',
            seller_message: 'Payment complete.',
            type: 'authorized',
          },
      paid: !decline,
      payment_intent: pi.id,
      payment_method: pm.id,
      payment_method_details: {
        card: {
          brand: pm.card.brand,
          last4: pm.card.last4,
          exp_month: pm.card.exp_month,
          exp_year: pm.card.exp_year,
          funding: pm.card.funding,
          country: pm.card.country,
          network: pm.card.brand,
        },
        type: 'card',
      },
      receipt_email: pi.receipt_email,
      receipt_url: null,
      refunded: false,
      status: decline ? 'failed' : 'succeeded',
      transfer: null,
      transfer_data: pi.transfer_data,
      transfer_group: pi.transfer_group,
    };
    return put(scope, ch);
  }

  /** Destination charge: transfer (amount − application fee) to transfer_data.destination once funds are captured. */
  /** @param {string} scope @param {any} pi @param {any} ch @param {Ctx|null} ctx */
  function settleDestination(scope, pi, ch, ctx) {
    if (!pi.transfer_data?.destination) return;
    const fee = pi.application_fee_amount ?? 0;
    const amount =
      pi.transfer_data.amount != null ? Math.min(pi.transfer_data.amount, ch.amount_captured) : ch.amount_captured - fee;
    const tr = put(PLATFORM, {
      id: newId('tr'),
      object: 'transfer',
      amount,
      amount_reversed: 0,
      balance_transaction: newId('txn'),
      created: now(),
      currency: pi.currency,
      description: null,
      destination: pi.transfer_data.destination,
      destination_payment: newId('py'),
      livemode: false,
      metadata: {},
      reversals: { object: 'list', data: [], has_more: false, url: '' },
      reversed: false,
      source_transaction: ch.id,
      source_type: 'card',
      transfer_group: pi.transfer_group ?? `group_${pi.id}`,
    });
    tr.reversals.url = `/v1/transfers/${tr.id}/reversals`;
    ch.transfer = tr.id;
    if (fee > 0) {
      const fe = put(PLATFORM, {
        id: newId('fee'),
        object: 'application_fee',
        account: pi.transfer_data.destination,
        amount: fee,
        amount_refunded: 0,
        charge: ch.id,
        created: now(),
        currency: pi.currency,
        livemode: false,
        originating_transaction: ch.id,
        refunded: false,
      });
      ch.application_fee = fe.id;
      emit('application_fee.created', fe, PLATFORM, ctx);
    }
    emit('transfer.created', tr, PLATFORM, ctx);
  }

  /** Authorise (and for automatic capture, capture) a confirmed PaymentIntent. */
  /** @param {string} scope @param {any} pi @param {Ctx|null} ctx */
  function authorize(scope, pi, ctx) {
    const pm = mustGet(scope, pi.payment_method, 'payment_method', 'PaymentMethod', 'payment_method');
    const ch = createCharge(scope, pi, pm, null);
    pi.latest_charge = ch.id;
    pi.last_payment_error = null;
    pi.next_action = null;
    if (pi.setup_future_usage && pi.customer && !pm.customer) {
      pm.customer = pi.customer;
      emit('payment_method.attached', pm, scope, ctx);
    }
    if (pi.capture_method === 'manual') {
      pi.status = 'requires_capture';
      pi.amount_capturable = pi.amount;
      emit('charge.succeeded', ch, scope, ctx);
      emit('payment_intent.amount_capturable_updated', pi, scope, ctx);
    } else {
      pi.status = 'succeeded';
      pi.amount_received = pi.amount;
      ch.captured = true;
      ch.amount_captured = pi.amount;
      settleDestination(scope, pi, ch, ctx);
      emit('charge.succeeded', ch, scope, ctx);
      emit('payment_intent.succeeded', pi, scope, ctx);
    }
  }

  /** @param {string} scope @param {any} pi @param {Ctx} ctx */
  function confirmPaymentIntent(scope, pi, ctx) {
    const p = ctx.params;
    if (!EDITABLE_PI.includes(pi.status)) {
      throw invalid(`You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`, {
        code: 'payment_intent_unexpected_state',
        payment_intent: clone(pi),
      });
    }
    const pmRef = asStr(p.payment_method, 'payment_method');
    if (pmRef) pi.payment_method = usePaymentMethod(scope, pmRef).id;
    if (!pi.payment_method) {
      throw invalid(
        "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent, provide a payment_method.",
        {
          code: 'payment_intent_unexpected_state',
          param: 'payment_method',
          payment_intent: clone(pi),
        }
      );
    }
    const pm = mustGet(scope, pi.payment_method, 'payment_method', 'PaymentMethod', 'payment_method');
    if (pm.customer && pi.customer && pm.customer !== pi.customer) {
      throw invalid(`The provided PaymentMethod belongs to a different customer.`, { param: 'payment_method' });
    }
    const internal = /** @type {Entry} */ (state.objects.get(pi.id)).internal;
    const returnUrl = asStr(p.return_url, 'return_url');
    if (returnUrl) internal.returnUrl = returnUrl;
    const offSession = asBool(p.off_session, 'off_session') ?? false;
    const card = cardOf(pm.id);
    /** @type {import('./cards').Decline|null} */
    let decline = card.behavior === 'decline' ? /** @type {import('./cards').Decline} */ (card.decline) : null;
    if (card.behavior === 'action' && offSession) {
      decline = {
        code: 'authentication_required',
        decline_code: 'authentication_required',
        message: 'Your card was declined. This transaction requires authentication.',
      };
    }
    if (decline) {
      const ch = createCharge(scope, pi, pm, decline);
      const error = {
        type: 'card_error',
        code: decline.code,
        decline_code: decline.decline_code,
        message: decline.message,
        charge: ch.id,
        doc_url: `https://docs.stripe.com/error-codes/${decline.code.replace(/_/g, '-')}`,
        payment_method: clone(pm),
      };
      pi.status = 'requires_payment_method';
      pi.payment_method = null;
      pi.latest_charge = ch.id;
      pi.last_payment_error = error;
      pi.next_action = null;
      emit('charge.failed', ch, scope, ctx);
      emit('payment_intent.payment_failed', pi, scope, ctx);
      const { type, message, ...rest } = error;
      throw new ApiError(402, 'card_error', message, { ...rest, payment_intent: clone(pi) });
    }
    if (card.behavior === 'action') {
      pi.status = 'requires_action';
      pi.next_action = internal.returnUrl
        ? {
            type: 'redirect_to_url',
            redirect_to_url: {
              return_url: internal.returnUrl,
              url: `${baseUrl}/_emulator/payment_intents/${pi.id}/complete_action`,
            },
          }
        : {
            type: 'use_stripe_sdk',
            use_stripe_sdk: {
              type: 'three_d_secure_redirect',
              stripe_js: `${baseUrl}/_emulator/payment_intents/${pi.id}/complete_action`,
              source: newId('src'),
            },
          };
      emit('payment_intent.requires_action', pi, scope, ctx);
      return;
    }
    authorize(scope, pi, ctx);
  }

  /** @param {Ctx} ctx */
  function createPaymentIntent(ctx) {
    const p = ctx.params;
    const amount = /** @type {number} */ (asInt(p.amount, 'amount', { required: true, min: 1 }));
    const currency = asCurrency(p.currency);
    checkMinimum(amount, currency);
    const customer = asStr(p.customer, 'customer');
    if (customer) customerOrThrow(ctx.scope, customer);
    const captureMethod =
      asEnum(p.capture_method, 'capture_method', ['automatic', 'automatic_async', 'manual']) ?? 'automatic_async';
    const fee = asInt(p.application_fee_amount, 'application_fee_amount', { min: 0 });
    if (fee !== undefined && fee > amount) {
      throw invalid('The application fee amount cannot be greater than the payment amount.', { param: 'application_fee_amount' });
    }
    const td = asObj(p.transfer_data, 'transfer_data');
    let transferData = null;
    if (p.transfer_data !== undefined && p.transfer_data !== '') {
      const destination = /** @type {string} */ (asStr(td.destination, 'transfer_data[destination]', { required: true }));
      if (!entry(PLATFORM, destination, 'account'))
        throw invalid(`No such destination: '${destination}'`, { code: 'resource_missing', param: 'transfer_data[destination]' });
      const tdAmount = asInt(td.amount, 'transfer_data[amount]', { min: 0 });
      if (tdAmount !== undefined && fee !== undefined)
        throw invalid('You cannot set both application_fee_amount and transfer_data[amount].', {
          param: 'transfer_data[amount]',
        });
      transferData = { destination, ...(tdAmount !== undefined ? { amount: tdAmount } : {}) };
    }
    const apm = asObj(p.automatic_payment_methods, 'automatic_payment_methods');
    const id = newId('pi');
    const pi = put(ctx.scope, {
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: fee ?? null,
      automatic_payment_methods: asBool(apm.enabled, 'automatic_payment_methods[enabled]')
        ? { allow_redirects: apm.allow_redirects ?? 'always', enabled: true }
        : null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: captureMethod,
      client_secret: `${id}_secret_${randomToken(25)}`,
      confirmation_method: asStr(p.confirmation_method, 'confirmation_method') ?? 'automatic',
      created: now(),
      currency,
      customer: customer ?? null,
      description: asStr(p.description, 'description') ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: mergeMetadata(p.metadata),
      next_action: null,
      on_behalf_of: asStr(p.on_behalf_of, 'on_behalf_of') ?? null,
      payment_method: null,
      payment_method_options: {},
      payment_method_types: Array.isArray(p.payment_method_types) ? p.payment_method_types : ['card'],
      processing: null,
      receipt_email: asStr(p.receipt_email, 'receipt_email') ?? null,
      review: null,
      setup_future_usage: asEnum(p.setup_future_usage, 'setup_future_usage', ['on_session', 'off_session']) ?? null,
      shipping: null,
      statement_descriptor: asStr(p.statement_descriptor, 'statement_descriptor') ?? null,
      statement_descriptor_suffix: asStr(p.statement_descriptor_suffix, 'statement_descriptor_suffix') ?? null,
      status: 'requires_payment_method',
      transfer_data: transferData,
      transfer_group: asStr(p.transfer_group, 'transfer_group') ?? null,
    });
    const pmRef = asStr(p.payment_method, 'payment_method');
    if (pmRef) {
      pi.payment_method = usePaymentMethod(ctx.scope, pmRef).id;
      pi.status = 'requires_confirmation';
    }
    emit('payment_intent.created', pi, ctx.scope, ctx);
    if (asBool(p.confirm, 'confirm'))
      confirmPaymentIntent(ctx.scope, pi, { ...ctx, params: { return_url: p.return_url, off_session: p.off_session } });
    return pi;
  }

  /** @param {Ctx} ctx */
  function updatePaymentIntent(ctx) {
    const p = ctx.params;
    const pi = mustGet(ctx.scope, ctx.match.id, 'payment_intent', 'payment_intent');
    const restricted = [
      'amount',
      'currency',
      'customer',
      'payment_method',
      'application_fee_amount',
      'transfer_data',
      'capture_method',
      'setup_future_usage',
    ];
    const touched = restricted.filter((k) => p[k] !== undefined);
    if (touched.length && !EDITABLE_PI.includes(pi.status)) {
      throw invalid(`You cannot update ${touched.join(', ')} on a PaymentIntent with status ${pi.status}.`, {
        code: 'payment_intent_unexpected_state',
        param: touched[0],
        payment_intent: clone(pi),
      });
    }
    const previous = /** @type {Record<string, any>} */ ({});
    const set = (/** @type {string} */ k, /** @type {any} */ v) => {
      if (v !== undefined) {
        previous[k] = pi[k];
        pi[k] = v;
      }
    };
    const amount = asInt(p.amount, 'amount', { min: 1 });
    const currency = p.currency !== undefined ? asCurrency(p.currency) : undefined;
    set('amount', amount);
    set('currency', currency);
    if (amount !== undefined || currency !== undefined) checkMinimum(pi.amount, pi.currency);
    const customer = asStr(p.customer, 'customer');
    if (customer) customerOrThrow(ctx.scope, customer);
    set('customer', customer);
    set('description', asStr(p.description, 'description'));
    set('receipt_email', asStr(p.receipt_email, 'receipt_email'));
    set('capture_method', asEnum(p.capture_method, 'capture_method', ['automatic', 'automatic_async', 'manual']));
    set('application_fee_amount', asInt(p.application_fee_amount, 'application_fee_amount', { min: 0 }));
    set('setup_future_usage', asEnum(p.setup_future_usage, 'setup_future_usage', ['on_session', 'off_session']));
    if (p.metadata !== undefined) set('metadata', mergeMetadata(p.metadata, pi.metadata));
    const pmRef = asStr(p.payment_method, 'payment_method');
    if (pmRef) {
      set('payment_method', usePaymentMethod(ctx.scope, pmRef).id);
      if (pi.status === 'requires_payment_method') set('status', 'requires_confirmation');
    }
    return pi;
  }

  /** @param {Ctx} ctx */
  function capturePaymentIntent(ctx) {
    const pi = mustGet(ctx.scope, ctx.match.id, 'payment_intent', 'payment_intent');
    if (pi.status !== 'requires_capture') {
      throw invalid(
        `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
        {
          code: 'payment_intent_unexpected_state',
          payment_intent: clone(pi),
        }
      );
    }
    const amount = asInt(ctx.params.amount_to_capture, 'amount_to_capture', { min: 1 }) ?? pi.amount_capturable;
    if (amount > pi.amount_capturable) {
      throw invalid(
        `The amount to capture (${amount}) must be less than or equal to the amount capturable (${pi.amount_capturable}).`,
        {
          code: 'amount_too_large',
          param: 'amount_to_capture',
        }
      );
    }
    const fee = asInt(ctx.params.application_fee_amount, 'application_fee_amount', { min: 0 });
    if (fee !== undefined) pi.application_fee_amount = fee;
    if ((pi.application_fee_amount ?? 0) > amount) {
      throw invalid('The application fee amount cannot be greater than the captured amount.', {
        param: 'application_fee_amount',
      });
    }
    const meta = ctx.params.metadata;
    if (meta !== undefined) pi.metadata = mergeMetadata(meta, pi.metadata);
    const ch = mustGet(ctx.scope, pi.latest_charge, 'charge', 'charge');
    pi.amount_received = amount;
    pi.amount_capturable = 0;
    pi.status = 'succeeded';
    ch.captured = true;
    ch.amount_captured = amount;
    ch.application_fee_amount = pi.application_fee_amount;
    settleDestination(ctx.scope, pi, ch, ctx);
    emit('charge.captured', ch, ctx.scope, ctx);
    emit('payment_intent.succeeded', pi, ctx.scope, ctx);
    return pi;
  }

  /** @param {Ctx} ctx */
  function cancelPaymentIntent(ctx) {
    const pi = mustGet(ctx.scope, ctx.match.id, 'payment_intent', 'payment_intent');
    if (
      !['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'].includes(
        pi.status
      )
    ) {
      throw invalid(
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
        {
          code: 'payment_intent_unexpected_state',
          payment_intent: clone(pi),
        }
      );
    }
    const reason = asEnum(ctx.params.cancellation_reason, 'cancellation_reason', [
      'duplicate',
      'fraudulent',
      'requested_by_customer',
      'abandoned',
    ]);
    if (pi.status === 'requires_capture') {
      const ch = entry(ctx.scope, pi.latest_charge, 'charge')?.obj;
      if (ch) {
        ch.amount_refunded = ch.amount;
        ch.refunded = true;
      }
    }
    pi.status = 'canceled';
    pi.amount_capturable = 0;
    pi.canceled_at = now();
    pi.cancellation_reason = reason ?? null;
    pi.next_action = null;
    emit('payment_intent.canceled', pi, ctx.scope, ctx);
    return pi;
  }

  // ---------------------------------------------------------------- refunds
  /** @param {Ctx} ctx */
  function createRefund(ctx) {
    const p = ctx.params;
    const piId = asStr(p.payment_intent, 'payment_intent');
    const chId = asStr(p.charge, 'charge');
    if (!piId && !chId)
      throw invalid('One of the following params should be provided for this request: payment_intent or charge.', {
        code: 'parameter_missing',
      });
    let ch;
    if (piId) {
      const pi = mustGet(ctx.scope, piId, 'payment_intent', 'payment_intent', 'payment_intent');
      if (pi.status !== 'succeeded' || !pi.latest_charge) {
        throw invalid(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
          code: 'charge_not_refundable',
          param: 'payment_intent',
        });
      }
      ch = mustGet(ctx.scope, pi.latest_charge, 'charge', 'charge', 'charge');
    } else {
      ch = mustGet(ctx.scope, /** @type {string} */ (chId), 'charge', 'charge', 'charge');
      if (ch.status !== 'succeeded' || !ch.captured)
        throw invalid(`Charge ${ch.id} has not been captured.`, { code: 'charge_not_refundable', param: 'charge' });
    }
    const remaining = ch.amount_captured - ch.amount_refunded;
    if (remaining <= 0) throw invalid(`Charge ${ch.id} has already been refunded.`, { code: 'charge_already_refunded' });
    const amount = asInt(p.amount, 'amount', { min: 1 }) ?? remaining;
    if (amount > remaining) {
      throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, {
        code: 'amount_too_large',
        param: 'amount',
      });
    }
    const refund = put(ctx.scope, {
      id: newId('re'),
      object: 'refund',
      amount,
      balance_transaction: newId('txn'),
      charge: ch.id,
      created: now(),
      currency: ch.currency,
      destination_details: { card: { type: 'refund' }, type: 'card' },
      metadata: mergeMetadata(p.metadata),
      payment_intent: ch.payment_intent,
      reason: asEnum(p.reason, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer']) ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'succeeded',
      transfer_reversal: null,
    });
    const previous = { amount_refunded: ch.amount_refunded, refunded: ch.refunded };
    ch.amount_refunded += amount;
    ch.refunded = ch.amount_refunded >= ch.amount_captured;
    if (asBool(p.reverse_transfer, 'reverse_transfer') && ch.transfer) {
      const tr = state.objects.get(ch.transfer)?.obj;
      if (tr) {
        const rev = Math.min(tr.amount - tr.amount_reversed, Math.round((amount * tr.amount) / ch.amount_captured));
        tr.amount_reversed += rev;
        tr.reversed = tr.amount_reversed >= tr.amount;
        const trr = {
          id: newId('trr'),
          object: 'transfer_reversal',
          amount: rev,
          created: now(),
          currency: tr.currency,
          transfer: tr.id,
          metadata: {},
        };
        tr.reversals.data.unshift(trr);
        refund.transfer_reversal = trr.id;
      }
    }
    emit('refund.created', refund, ctx.scope, ctx);
    emit('charge.refunded', ch, ctx.scope, ctx, previous);
    return refund;
  }

  // ---------------------------------------------------------------- setup intents
  /** @param {string} scope @param {any} si @param {Ctx} ctx */
  function confirmSetupIntent(scope, si, ctx) {
    if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(si.status)) {
      throw invalid(`You cannot confirm this SetupIntent because it has a status of ${si.status}.`, {
        code: 'setup_intent_unexpected_state',
        setup_intent: clone(si),
      });
    }
    const pmRef = asStr(ctx.params.payment_method, 'payment_method');
    if (pmRef) si.payment_method = usePaymentMethod(scope, pmRef).id;
    if (!si.payment_method)
      throw invalid("You cannot confirm this SetupIntent because it's missing a payment method.", {
        code: 'setup_intent_unexpected_state',
        param: 'payment_method',
      });
    const pm = mustGet(scope, si.payment_method, 'payment_method', 'PaymentMethod', 'payment_method');
    const card = cardOf(pm.id);
    si.latest_attempt = newId('setatt');
    if (card.behavior === 'decline' && cardOf(pm.id) !== TEST_CARDS.pm_card_chargeCustomerFail) {
      const d = /** @type {import('./cards').Decline} */ (card.decline);
      si.status = 'requires_payment_method';
      si.payment_method = null;
      si.last_setup_error = {
        type: 'card_error',
        code: d.code,
        decline_code: d.decline_code,
        message: d.message,
        payment_method: clone(pm),
      };
      emit('setup_intent.setup_failed', si, scope, ctx);
      throw new ApiError(402, 'card_error', d.message, {
        code: d.code,
        decline_code: d.decline_code,
        payment_method: clone(pm),
        setup_intent: clone(si),
      });
    }
    if (card.behavior === 'action') {
      si.status = 'requires_action';
      si.next_action = {
        type: 'use_stripe_sdk',
        use_stripe_sdk: {
          type: 'three_d_secure_redirect',
          stripe_js: `${baseUrl}/_emulator/setup_intents/${si.id}/complete_action`,
        },
      };
      emit('setup_intent.requires_action', si, scope, ctx);
      return;
    }
    completeSetup(scope, si, ctx);
  }
  /** @param {string} scope @param {any} si @param {Ctx|null} ctx */
  function completeSetup(scope, si, ctx) {
    const pm = mustGet(scope, si.payment_method, 'payment_method', 'PaymentMethod', 'payment_method');
    si.status = 'succeeded';
    si.next_action = null;
    si.last_setup_error = null;
    if (si.customer && pm.customer !== si.customer) {
      pm.customer = si.customer;
      emit('payment_method.attached', pm, scope, ctx);
    }
    emit('setup_intent.succeeded', si, scope, ctx);
  }

  // ---------------------------------------------------------------- accounts
  /** @param {any} acct */
  function enableAccount(acct) {
    const previous = {
      charges_enabled: acct.charges_enabled,
      payouts_enabled: acct.payouts_enabled,
      details_submitted: acct.details_submitted,
    };
    acct.charges_enabled = true;
    acct.payouts_enabled = true;
    acct.details_submitted = true;
    acct.requirements = {
      currently_due: [],
      eventually_due: [],
      past_due: [],
      pending_verification: [],
      disabled_reason: null,
      current_deadline: null,
      errors: [],
    };
    for (const k of Object.keys(acct.capabilities)) acct.capabilities[k] = 'active';
    return previous;
  }

  // ---------------------------------------------------------------- routes
  /** @type {{ method: string, re: RegExp, keys: string[], handler: (ctx: Ctx) => any }[]} */
  const routes = [];
  /** @param {string} method @param {string} pattern @param {(ctx: Ctx) => any} handler */
  function route(method, pattern, handler) {
    /** @type {string[]} */
    const keys = [];
    const re = new RegExp(
      `^${pattern.replace(/:(\w+)/g, (_, k) => {
        keys.push(k);
        return '([^/]+)';
      })}/?$`
    );
    routes.push({ method, re, keys, handler });
  }
  /** @param {string} type @param {string} name */
  const retrieve = (type, name) => (/** @type {Ctx} */ ctx) => mustGet(ctx.scope, ctx.match.id, type, name);

  // PaymentIntents
  route('POST', '/v1/payment_intents', createPaymentIntent);
  route('GET', '/v1/payment_intents', (ctx) => {
    const customer = asStr(ctx.params.customer, 'customer');
    return list(
      all(ctx.scope, 'payment_intent').filter((o) => !customer || o.customer === customer),
      ctx
    );
  });
  route('GET', '/v1/payment_intents/:id', retrieve('payment_intent', 'payment_intent'));
  route('POST', '/v1/payment_intents/:id', updatePaymentIntent);
  route('POST', '/v1/payment_intents/:id/confirm', (ctx) => {
    const pi = mustGet(ctx.scope, ctx.match.id, 'payment_intent', 'payment_intent');
    if (ctx.params.metadata !== undefined) pi.metadata = mergeMetadata(ctx.params.metadata, pi.metadata);
    confirmPaymentIntent(ctx.scope, pi, ctx);
    return pi;
  });
  route('POST', '/v1/payment_intents/:id/capture', capturePaymentIntent);
  route('POST', '/v1/payment_intents/:id/cancel', cancelPaymentIntent);

  // Charges
  route('GET', '/v1/charges', (ctx) => {
    const { customer, payment_intent: pi } = ctx.params;
    return list(
      all(ctx.scope, 'charge').filter((o) => (!customer || o.customer === customer) && (!pi || o.payment_intent === pi)),
      ctx
    );
  });
  route('GET', '/v1/charges/:id', retrieve('charge', 'charge'));

  // Refunds
  route('POST', '/v1/refunds', createRefund);
  route('GET', '/v1/refunds', (ctx) => {
    const { charge, payment_intent: pi } = ctx.params;
    return list(
      all(ctx.scope, 'refund').filter((o) => (!charge || o.charge === charge) && (!pi || o.payment_intent === pi)),
      ctx
    );
  });
  route('GET', '/v1/refunds/:id', retrieve('refund', 'refund'));
  route('POST', '/v1/refunds/:id', (ctx) => {
    const re = mustGet(ctx.scope, ctx.match.id, 'refund', 'refund');
    re.metadata = mergeMetadata(ctx.params.metadata, re.metadata);
    return re;
  });

  // Customers
  route('POST', '/v1/customers', (ctx) => {
    const p = ctx.params;
    const inv = asObj(p.invoice_settings, 'invoice_settings');
    const cus = put(ctx.scope, {
      id: newId('cus'),
      object: 'customer',
      address: p.address || null,
      balance: 0,
      created: now(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: asStr(p.description, 'description') ?? null,
      email: asStr(p.email, 'email') ?? null,
      invoice_prefix: randomToken(8).toUpperCase(),
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false,
      metadata: mergeMetadata(p.metadata),
      name: asStr(p.name, 'name') ?? null,
      next_invoice_sequence: 1,
      phone: asStr(p.phone, 'phone') ?? null,
      preferred_locales: Array.isArray(p.preferred_locales) ? p.preferred_locales : [],
      shipping: null,
      tax_exempt: 'none',
      test_clock: null,
    });
    const pmRef = asStr(p.payment_method, 'payment_method');
    if (pmRef) {
      const pm = usePaymentMethod(ctx.scope, pmRef);
      pm.customer = cus.id;
    }
    const dpm = asStr(inv.default_payment_method, 'invoice_settings[default_payment_method]');
    if (dpm) cus.invoice_settings.default_payment_method = dpm;
    emit('customer.created', cus, ctx.scope, ctx);
    return cus;
  });
  route('GET', '/v1/customers', (ctx) => {
    const email = asStr(ctx.params.email, 'email');
    return list(
      all(ctx.scope, 'customer').filter((o) => !email || o.email === email),
      ctx
    );
  });
  route('GET', '/v1/customers/:id', (ctx) => {
    const e = entry(ctx.scope, ctx.match.id, 'customer');
    if (!e) throw noSuch('customer', ctx.match.id);
    return e.obj.deleted ? { id: e.obj.id, object: 'customer', deleted: true } : e.obj;
  });
  route('POST', '/v1/customers/:id', (ctx) => {
    const p = ctx.params;
    const cus = customerOrThrow(ctx.scope, ctx.match.id, 'id');
    for (const k of ['email', 'name', 'phone', 'description'])
      if (p[k] !== undefined) cus[k] = p[k] === '' ? null : asStr(p[k], k);
    if (p.address !== undefined) cus.address = p.address || null;
    if (p.metadata !== undefined) cus.metadata = mergeMetadata(p.metadata, cus.metadata);
    const inv = asObj(p.invoice_settings, 'invoice_settings');
    if (inv.default_payment_method !== undefined) {
      const dpm = asStr(inv.default_payment_method, 'invoice_settings[default_payment_method]') ?? null;
      if (dpm) {
        const pm = mustGet(ctx.scope, dpm, 'payment_method', 'PaymentMethod', 'invoice_settings[default_payment_method]');
        if (pm.customer !== cus.id)
          throw invalid(
            `The customer does not have a payment method with the ID ${dpm}. The payment method must be attached to the customer.`,
            { code: 'resource_missing', param: 'invoice_settings[default_payment_method]' }
          );
      }
      cus.invoice_settings.default_payment_method = dpm;
    }
    emit('customer.updated', cus, ctx.scope, ctx);
    return cus;
  });
  route('DELETE', '/v1/customers/:id', (ctx) => {
    const cus = customerOrThrow(ctx.scope, ctx.match.id, 'id');
    cus.deleted = true;
    emit('customer.deleted', cus, ctx.scope, ctx);
    return { id: cus.id, object: 'customer', deleted: true };
  });
  /** @param {Ctx} ctx @param {string} customer */
  const listCustomerPms = (ctx, customer) => {
    const type = asStr(ctx.params.type, 'type');
    return list(
      all(ctx.scope, 'payment_method').filter((o) => o.customer === customer && (!type || o.type === type)),
      ctx
    );
  };
  route('GET', '/v1/customers/:id/payment_methods', (ctx) => {
    customerOrThrow(ctx.scope, ctx.match.id, 'customer');
    return listCustomerPms(ctx, ctx.match.id);
  });

  // PaymentMethods
  route('POST', '/v1/payment_methods', (ctx) => {
    const p = ctx.params;
    const type = asStr(p.type, 'type', { required: true });
    if (type !== 'card') throw invalid(`The emulator only supports type=card payment methods.`, { param: 'type' });
    const card = asObj(p.card, 'card');
    const number = asStr(card.number, 'card[number]')?.replace(/\s+/g, '');
    const token = number ? NUMBER_TO_TOKEN[number] : tokenToPaymentMethod(asStr(card.token, 'card[token]') ?? 'pm_card_visa');
    if (!token)
      throw new ApiError(402, 'card_error', 'Your card number is incorrect.', {
        code: 'incorrect_number',
        param: 'card[number]',
      });
    const pm = put(ctx.scope, paymentMethodFromCard(token), { card: TEST_CARDS[token], token });
    if (p.billing_details) Object.assign(pm.billing_details, asObj(p.billing_details, 'billing_details'));
    pm.metadata = mergeMetadata(p.metadata);
    return pm;
  });
  route('GET', '/v1/payment_methods', (ctx) => {
    const customer = asStr(ctx.params.customer, 'customer');
    if (customer) return listCustomerPms(ctx, customer);
    const type = asStr(ctx.params.type, 'type');
    return list(
      all(ctx.scope, 'payment_method').filter((o) => !type || o.type === type),
      ctx
    );
  });
  route('GET', '/v1/payment_methods/:id', (ctx) => {
    const token = tokenToPaymentMethod(ctx.match.id);
    if (token) return { ...paymentMethodFromCard(token), id: ctx.match.id };
    return mustGet(ctx.scope, ctx.match.id, 'payment_method', 'PaymentMethod');
  });
  route('POST', '/v1/payment_methods/:id', (ctx) => {
    const pm = mustGet(ctx.scope, ctx.match.id, 'payment_method', 'PaymentMethod');
    if (ctx.params.metadata !== undefined) pm.metadata = mergeMetadata(ctx.params.metadata, pm.metadata);
    if (ctx.params.billing_details) Object.assign(pm.billing_details, asObj(ctx.params.billing_details, 'billing_details'));
    emit('payment_method.updated', pm, ctx.scope, ctx);
    return pm;
  });
  route('POST', '/v1/payment_methods/:id/attach', (ctx) => {
    const customer = /** @type {string} */ (asStr(ctx.params.customer, 'customer', { required: true }));
    customerOrThrow(ctx.scope, customer);
    const existing = entry(ctx.scope, ctx.match.id, 'payment_method')?.obj;
    if (existing?.customer) {
      if (existing.customer === customer) return existing;
      throw invalid('The payment method you provided has already been attached to a customer.', {
        code: 'payment_method_unexpected_state',
      });
    }
    const card = tokenToPaymentMethod(ctx.match.id)
      ? TEST_CARDS[/** @type {string} */ (tokenToPaymentMethod(ctx.match.id))]
      : undefined;
    if (card && card.behavior === 'decline' && card !== TEST_CARDS.pm_card_chargeCustomerFail) {
      const d = /** @type {import('./cards').Decline} */ (card.decline);
      throw new ApiError(402, 'card_error', d.message, { code: d.code, decline_code: d.decline_code, param: '' });
    }
    const pm = existing ?? usePaymentMethod(ctx.scope, ctx.match.id, 'id');
    pm.customer = customer;
    emit('payment_method.attached', pm, ctx.scope, ctx);
    return pm;
  });
  route('POST', '/v1/payment_methods/:id/detach', (ctx) => {
    const pm = mustGet(ctx.scope, ctx.match.id, 'payment_method', 'PaymentMethod');
    if (!pm.customer)
      throw invalid('The payment method you provided is not attached to a customer so detachment is impossible.', {
        code: 'payment_method_unexpected_state',
      });
    const cus = entry(ctx.scope, pm.customer, 'customer')?.obj;
    if (cus && cus.invoice_settings.default_payment_method === pm.id) cus.invoice_settings.default_payment_method = null;
    const previous = { customer: pm.customer };
    pm.customer = null;
    emit('payment_method.detached', pm, ctx.scope, ctx, previous);
    return pm;
  });

  // SetupIntents
  route('POST', '/v1/setup_intents', (ctx) => {
    const p = ctx.params;
    const customer = asStr(p.customer, 'customer');
    if (customer) customerOrThrow(ctx.scope, customer);
    const id = newId('seti');
    const si = put(ctx.scope, {
      id,
      object: 'setup_intent',
      application: null,
      automatic_payment_methods: null,
      cancellation_reason: null,
      client_secret: `${id}_secret_${randomToken(25)}`,
      created: now(),
      customer: customer ?? null,
      description: asStr(p.description, 'description') ?? null,
      last_setup_error: null,
      latest_attempt: null,
      livemode: false,
      mandate: null,
      metadata: mergeMetadata(p.metadata),
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_options: {},
      payment_method_types: Array.isArray(p.payment_method_types) ? p.payment_method_types : ['card'],
      single_use_mandate: null,
      status: 'requires_payment_method',
      usage: asEnum(p.usage, 'usage', ['on_session', 'off_session']) ?? 'off_session',
    });
    const pmRef = asStr(p.payment_method, 'payment_method');
    if (pmRef) {
      si.payment_method = usePaymentMethod(ctx.scope, pmRef).id;
      si.status = 'requires_confirmation';
    }
    emit('setup_intent.created', si, ctx.scope, ctx);
    if (asBool(p.confirm, 'confirm')) confirmSetupIntent(ctx.scope, si, { ...ctx, params: {} });
    return si;
  });
  route('GET', '/v1/setup_intents', (ctx) => {
    const { customer, payment_method: pm } = ctx.params;
    return list(
      all(ctx.scope, 'setup_intent').filter((o) => (!customer || o.customer === customer) && (!pm || o.payment_method === pm)),
      ctx
    );
  });
  route('GET', '/v1/setup_intents/:id', retrieve('setup_intent', 'setup_intent'));
  route('POST', '/v1/setup_intents/:id', (ctx) => {
    const si = mustGet(ctx.scope, ctx.match.id, 'setup_intent', 'setup_intent');
    if (ctx.params.metadata !== undefined) si.metadata = mergeMetadata(ctx.params.metadata, si.metadata);
    const customer = asStr(ctx.params.customer, 'customer');
    if (customer) {
      customerOrThrow(ctx.scope, customer);
      si.customer = customer;
    }
    return si;
  });
  route('POST', '/v1/setup_intents/:id/confirm', (ctx) => {
    const si = mustGet(ctx.scope, ctx.match.id, 'setup_intent', 'setup_intent');
    confirmSetupIntent(ctx.scope, si, ctx);
    return si;
  });
  route('POST', '/v1/setup_intents/:id/cancel', (ctx) => {
    const si = mustGet(ctx.scope, ctx.match.id, 'setup_intent', 'setup_intent');
    if (si.status === 'succeeded' || si.status === 'canceled') {
      throw invalid(`You cannot cancel this SetupIntent because it has a status of ${si.status}.`, {
        code: 'setup_intent_unexpected_state',
      });
    }
    si.status = 'canceled';
    si.cancellation_reason = asStr(ctx.params.cancellation_reason, 'cancellation_reason') ?? null;
    emit('setup_intent.canceled', si, ctx.scope, ctx);
    return si;
  });

  // Connect: accounts, account links, transfers, payouts
  route('POST', '/v1/accounts', (ctx) => {
    if (ctx.scope !== PLATFORM) throw new ApiError(403, 'invalid_request_error', 'Connected accounts cannot create accounts.');
    const p = ctx.params;
    const type = asEnum(p.type, 'type', ['express', 'standard', 'custom']) ?? (p.controller ? 'none' : undefined);
    if (!type) throw paramMissing('type');
    const caps = asObj(p.capabilities, 'capabilities');
    const acct = put(PLATFORM, {
      id: newId('acct'),
      object: 'account',
      business_profile: p.business_profile || {},
      business_type: asStr(p.business_type, 'business_type') ?? null,
      capabilities: Object.fromEntries(Object.keys(caps).map((k) => [k, 'inactive'])),
      charges_enabled: false,
      controller: p.controller || { type: 'application', is_controller: true },
      country: (asStr(p.country, 'country') ?? 'US').toUpperCase(),
      created: now(),
      default_currency: asStr(p.default_currency, 'default_currency') ?? 'usd',
      details_submitted: false,
      email: asStr(p.email, 'email') ?? null,
      external_accounts: { object: 'list', data: [], has_more: false, url: '' },
      metadata: mergeMetadata(p.metadata),
      payouts_enabled: false,
      requirements: {
        currently_due: ['business_type', 'external_account', 'tos_acceptance.date', 'tos_acceptance.ip'],
        eventually_due: [],
        past_due: [],
        pending_verification: [],
        disabled_reason: 'requirements.past_due',
        current_deadline: null,
        errors: [],
      },
      settings: {},
      type,
    });
    acct.external_accounts.url = `/v1/accounts/${acct.id}/external_accounts`;
    if (autoEnableAccounts) enableAccount(acct);
    return acct;
  });
  route('GET', '/v1/accounts', (ctx) => list(all(PLATFORM, 'account'), ctx));
  route('GET', '/v1/account', (ctx) => {
    if (ctx.scope !== PLATFORM) return mustGet(PLATFORM, ctx.scope, 'account', 'account');
    return {
      id: 'acct_emulator_platform',
      object: 'account',
      type: 'standard',
      charges_enabled: true,
      payouts_enabled: true,
      details_submitted: true,
      country: 'US',
      default_currency: 'usd',
      metadata: {},
    };
  });
  route('GET', '/v1/accounts/:id', (ctx) => mustGet(PLATFORM, ctx.match.id, 'account', 'account'));
  route('POST', '/v1/accounts/:id', (ctx) => {
    const acct = mustGet(PLATFORM, ctx.match.id, 'account', 'account');
    const p = ctx.params;
    if (p.metadata !== undefined) acct.metadata = mergeMetadata(p.metadata, acct.metadata);
    if (p.email !== undefined) acct.email = asStr(p.email, 'email') ?? null;
    if (p.business_profile)
      acct.business_profile = { ...acct.business_profile, ...asObj(p.business_profile, 'business_profile') };
    emit('account.updated', acct, acct.id, ctx);
    return acct;
  });
  route('DELETE', '/v1/accounts/:id', (ctx) => {
    const acct = mustGet(PLATFORM, ctx.match.id, 'account', 'account');
    acct.deleted = true;
    return { id: acct.id, object: 'account', deleted: true };
  });
  route('POST', '/v1/account_links', (ctx) => {
    const p = ctx.params;
    const account = /** @type {string} */ (asStr(p.account, 'account', { required: true }));
    mustGet(PLATFORM, account, 'account', 'account', 'account');
    const type = asEnum(p.type, 'type', ['account_onboarding', 'account_update']);
    if (!type) throw paramMissing('type');
    const q = new URLSearchParams();
    for (const k of ['return_url', 'refresh_url']) {
      const v = asStr(p[k], k);
      if (v) q.set(k, v);
    }
    const created = now();
    return {
      object: 'account_link',
      created,
      expires_at: created + 300,
      url: `${baseUrl}/_emulator/connect/onboard/${account}${q.size ? `?${q}` : ''}`,
    };
  });
  route('POST', '/v1/transfers', (ctx) => {
    const p = ctx.params;
    const amount = /** @type {number} */ (asInt(p.amount, 'amount', { required: true, min: 1 }));
    const currency = asCurrency(p.currency);
    const destination = /** @type {string} */ (asStr(p.destination, 'destination', { required: true }));
    if (!entry(PLATFORM, destination, 'account'))
      throw invalid(`No such destination: '${destination}'`, { code: 'resource_missing', param: 'destination' });
    const tr = put(ctx.scope, {
      id: newId('tr'),
      object: 'transfer',
      amount,
      amount_reversed: 0,
      balance_transaction: newId('txn'),
      created: now(),
      currency,
      description: asStr(p.description, 'description') ?? null,
      destination,
      destination_payment: newId('py'),
      livemode: false,
      metadata: mergeMetadata(p.metadata),
      reversals: { object: 'list', data: [], has_more: false, url: '' },
      reversed: false,
      source_transaction: asStr(p.source_transaction, 'source_transaction') ?? null,
      source_type: 'card',
      transfer_group: asStr(p.transfer_group, 'transfer_group') ?? null,
    });
    tr.reversals.url = `/v1/transfers/${tr.id}/reversals`;
    emit('transfer.created', tr, ctx.scope, ctx);
    return tr;
  });
  route('GET', '/v1/transfers', (ctx) => {
    const { destination, transfer_group: group } = ctx.params;
    return list(
      all(ctx.scope, 'transfer').filter(
        (o) => (!destination || o.destination === destination) && (!group || o.transfer_group === group)
      ),
      ctx
    );
  });
  route('GET', '/v1/transfers/:id', retrieve('transfer', 'transfer'));
  route('POST', '/v1/transfers/:id', (ctx) => {
    const tr = mustGet(ctx.scope, ctx.match.id, 'transfer', 'transfer');
    if (ctx.params.metadata !== undefined) tr.metadata = mergeMetadata(ctx.params.metadata, tr.metadata);
    return tr;
  });
  route('POST', '/v1/payouts', (ctx) => {
    const p = ctx.params;
    const amount = /** @type {number} */ (asInt(p.amount, 'amount', { required: true, min: 1 }));
    const currency = asCurrency(p.currency);
    const created = now();
    const po = put(ctx.scope, {
      id: newId('po'),
      object: 'payout',
      amount,
      arrival_date: created + 2 * 86400,
      automatic: false,
      balance_transaction: newId('txn'),
      created,
      currency,
      description: asStr(p.description, 'description') ?? null,
      destination: newId('ba'),
      failure_code: null,
      failure_message: null,
      livemode: false,
      metadata: mergeMetadata(p.metadata),
      method: asEnum(p.method, 'method', ['standard', 'instant']) ?? 'standard',
      source_type: 'card',
      statement_descriptor: asStr(p.statement_descriptor, 'statement_descriptor') ?? null,
      status: 'pending',
      type: 'bank_account',
    });
    emit('payout.created', po, ctx.scope, ctx);
    return po;
  });
  route('GET', '/v1/payouts', (ctx) => {
    const status = asStr(ctx.params.status, 'status');
    return list(
      all(ctx.scope, 'payout').filter((o) => !status || o.status === status),
      ctx
    );
  });
  route('GET', '/v1/payouts/:id', retrieve('payout', 'payout'));

  // Disputes, events
  route('GET', '/v1/disputes', (ctx) => {
    const { charge, payment_intent: pi } = ctx.params;
    return list(
      all(ctx.scope, 'dispute').filter((o) => (!charge || o.charge === charge) && (!pi || o.payment_intent === pi)),
      ctx
    );
  });
  route('GET', '/v1/disputes/:id', retrieve('dispute', 'dispute'));
  route('POST', '/v1/disputes/:id', (ctx) => {
    const dp = mustGet(ctx.scope, ctx.match.id, 'dispute', 'dispute');
    if (ctx.params.metadata !== undefined) dp.metadata = mergeMetadata(ctx.params.metadata, dp.metadata);
    if (ctx.params.evidence) dp.evidence = { ...dp.evidence, ...asObj(ctx.params.evidence, 'evidence') };
    if (asBool(ctx.params.submit, 'submit')) dp.status = 'under_review';
    emit('charge.dispute.updated', dp, ctx.scope, ctx);
    return dp;
  });
  route('POST', '/v1/disputes/:id/close', (ctx) => {
    const dp = mustGet(ctx.scope, ctx.match.id, 'dispute', 'dispute');
    dp.status = 'lost';
    emit('charge.dispute.closed', dp, ctx.scope, ctx);
    return dp;
  });
  route('GET', '/v1/events', (ctx) => {
    const type = asStr(ctx.params.type, 'type');
    const matches = (/** @type {string} */ t) => !type || (type.endsWith('*') ? t.startsWith(type.slice(0, -1)) : t === type);
    return list(
      all(ctx.scope, 'event').filter((e) => matches(e.type)),
      ctx
    );
  });
  route('GET', '/v1/events/:id', retrieve('event', 'event'));

  // ---------------------------------------------------------------- control API (test-only)
  /** @param {string} id */
  function anyEntry(id) {
    const e = state.objects.get(id);
    if (!e) throw noSuch('object', id);
    return e;
  }
  /** @param {string} id */
  function findEvent(id) {
    const ev = state.events.find((e) => e.id === id);
    if (!ev) throw noSuch('event', id);
    return ev;
  }

  /** @type {{ method: string | null, path: string }[]} */
  const outages = [];
  const control = {
    /** @param {{ url?: string|null, secret?: string|null, retry_delays_ms?: number[], retryDelaysMs?: number[], timeout_ms?: number, timeoutMs?: number }} cfg */
    configureWebhook(cfg) {
      dispatcher.configure({
        url: cfg.url,
        secret: cfg.secret,
        retryDelaysMs: cfg.retryDelaysMs ?? cfg.retry_delays_ms,
        timeoutMs: cfg.timeoutMs ?? cfg.timeout_ms,
      });
      return dispatcher.config();
    },
    webhookConfig: () => dispatcher.config(),
    pauseWebhooks() {
      dispatcher.pause();
      return dispatcher.config();
    },
    /** @param {{ flush?: boolean }} [o] */
    async resumeWebhooks(o = {}) {
      const delivered = await dispatcher.resume(o);
      return { ...dispatcher.config(), delivered: clone(delivered) };
    },
    /** @param {{ event_id?: string, type?: string }} [filter] */
    deliveries(filter = {}) {
      return clone(
        dispatcher.deliveries.filter(
          (d) => (!filter.event_id || d.event_id === filter.event_id) && (!filter.type || d.type === filter.type)
        )
      );
    },
    /** @param {{ type?: string }} [filter] */
    events(filter = {}) {
      return clone(state.events.filter((e) => !filter.type || e.type === filter.type));
    },
    /** @param {string} id */
    async redeliver(id) {
      return clone(await dispatcher.deliverNow(findEvent(id), 'redeliver'));
    },
    /** @param {string[]} ids @param {'given'|'reverse'} [order] */
    async deliver(ids, order = 'given') {
      if (!Array.isArray(ids) || ids.length === 0) throw paramMissing('event_ids');
      const events = ids.map(findEvent);
      if (order === 'reverse') events.reverse();
      const out = [];
      for (const ev of events) out.push(await dispatcher.deliverNow(ev, 'replay'));
      return clone(out);
    },
    /** @param {number} [timeoutMs] */
    idle: (timeoutMs) => dispatcher.idle(timeoutMs),
    /** Finish 3DS for a PaymentIntent in requires_action. @param {string} id @param {'succeed'|'fail'} [outcome] */
    completeAction(id, outcome = 'succeed') {
      const e = anyEntry(id);
      const target = e.obj;
      if (target.status !== 'requires_action')
        throw invalid(`${id} has status ${target.status}, not requires_action.`, { code: `${target.object}_unexpected_state` });
      if (target.object === 'setup_intent') {
        if (outcome === 'fail') {
          target.status = 'requires_payment_method';
          target.next_action = null;
          target.last_setup_error = {
            type: 'invalid_request_error',
            code: 'setup_intent_authentication_failure',
            message: 'The latest attempt to set up the payment method has failed because authentication failed.',
          };
          emit('setup_intent.setup_failed', target, e.scope, null);
        } else completeSetup(e.scope, target, null);
        return clone(target);
      }
      if (outcome === 'fail') {
        const pm = entry(e.scope, target.payment_method, 'payment_method')?.obj;
        target.status = 'requires_payment_method';
        target.next_action = null;
        target.payment_method = null;
        target.last_payment_error = {
          type: 'invalid_request_error',
          code: 'payment_intent_authentication_failure',
          message:
            'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
          payment_method: clone(pm),
        };
        emit('payment_intent.payment_failed', target, e.scope, null);
      } else authorize(e.scope, target, null);
      return clone(target);
    },
    /** @param {string} piId @param {{ reason?: string, amount?: number }} [o] */
    dispute(piId, o = {}) {
      const e = anyEntry(piId);
      const ch = e.obj.object === 'charge' ? e.obj : state.objects.get(e.obj.latest_charge)?.obj;
      if (!ch || !ch.captured) throw invalid(`${piId} has no captured charge to dispute.`);
      const created = now();
      const dp = put(e.scope, {
        id: newId('dp'),
        object: 'dispute',
        amount: asInt(o.amount, 'amount', { min: 1 }) ?? ch.amount_captured - ch.amount_refunded,
        balance_transactions: [],
        charge: ch.id,
        created,
        currency: ch.currency,
        evidence: {},
        evidence_details: { due_by: created + 7 * 86400, has_evidence: false, past_due: false, submission_count: 0 },
        is_charge_refundable: false,
        livemode: false,
        metadata: {},
        payment_intent: ch.payment_intent,
        reason: o.reason ?? 'fraudulent',
        status: 'needs_response',
      });
      ch.disputed = true;
      emit('charge.dispute.created', dp, e.scope, null);
      return clone(dp);
    },
    /** @param {string} id @param {'won'|'lost'} [status] */
    closeDispute(id, status = 'lost') {
      const e = anyEntry(id);
      e.obj.status = status;
      emit('charge.dispute.closed', e.obj, e.scope, null);
      return clone(e.obj);
    },
    /** @param {string} id */
    enableAccount(id) {
      const acct = mustGet(PLATFORM, id, 'account', 'account');
      const previous = enableAccount(acct);
      emit('account.updated', acct, acct.id, null, previous);
      return clone(acct);
    },
    /** @param {boolean} on */
    setAutoEnableAccounts(on) {
      autoEnableAccounts = Boolean(on);
    },
    /** @param {string} id @param {'paid'|'failed'} [status] */
    settlePayout(id, status = 'paid') {
      const e = anyEntry(id);
      if (e.obj.object !== 'payout') throw noSuch('payout', id);
      e.obj.status = status;
      if (status === 'failed') {
        e.obj.failure_code = 'account_closed';
        e.obj.failure_message = 'The bank account has been closed.';
      }
      emit(`payout.${status}`, e.obj, e.scope, null);
      return clone(e.obj);
    },
    /**
     * An outage: matching API requests (method and path prefix, both optional) answer 503 api_error
     * until endOutage(). For testing what the app does when Stripe is down.
     * @param {{ method?: string, path?: string }} [match]
     */
    startOutage(match = {}) {
      outages.push({
        method: match.method ? String(match.method).toUpperCase() : null,
        path: match.path ? String(match.path) : '/v1/',
      });
      return { outages: outages.length };
    },
    endOutage() {
      outages.length = 0;
      return { outages: 0 };
    },
    reset() {
      outages.length = 0;
      state.objects.clear();
      state.events.length = 0;
      state.idempotency.clear();
      dispatcher.reset();
      return { reset: true };
    },
    /** @param {string} id */
    object: (id) => clone(state.objects.get(id)?.obj ?? null),
  };

  /** @type {{ method: string, re: RegExp, keys: string[], handler: (ctx: { params: any, match: Record<string,string>, query: URLSearchParams }) => any }[]} */
  const controlRoutes = [];
  /** @param {string} method @param {string} pattern @param {(ctx: { params: any, match: Record<string,string>, query: URLSearchParams }) => any} handler */
  function controlRoute(method, pattern, handler) {
    /** @type {string[]} */
    const keys = [];
    const re = new RegExp(
      `^${pattern.replace(/:(\w+)/g, (_, k) => {
        keys.push(k);
        return '([^/]+)';
      })}/?$`
    );
    controlRoutes.push({ method, re, keys, handler });
  }
  controlRoute('GET', '/_emulator/health', () => ({ ok: true, api_version: apiVersion }));
  controlRoute('GET', '/_emulator/webhook', () => control.webhookConfig());
  controlRoute('POST', '/_emulator/webhook', ({ params }) => control.configureWebhook(params));
  controlRoute('POST', '/_emulator/webhooks/pause', () => control.pauseWebhooks());
  controlRoute('POST', '/_emulator/webhooks/resume', ({ params }) =>
    control.resumeWebhooks({ flush: params.flush === undefined ? true : asBool(params.flush, 'flush') })
  );
  controlRoute('GET', '/_emulator/webhooks/idle', async ({ query }) => ({
    idle: await control.idle(Number(query.get('timeout_ms') ?? 10_000)),
  }));
  controlRoute('GET', '/_emulator/deliveries', ({ query }) => ({
    data: control.deliveries({ event_id: query.get('event_id') ?? undefined, type: query.get('type') ?? undefined }),
  }));
  controlRoute('GET', '/_emulator/events', ({ query }) => ({ data: control.events({ type: query.get('type') ?? undefined }) }));
  controlRoute('POST', '/_emulator/events/:id/redeliver', async ({ match }) => control.redeliver(match.id));
  controlRoute('POST', '/_emulator/deliver', async ({ params }) => ({
    data: await control.deliver(params.event_ids, params.order),
  }));
  controlRoute('POST', '/_emulator/payment_intents/:id/complete_action', ({ match, params }) =>
    control.completeAction(match.id, params.outcome)
  );
  controlRoute('GET', '/_emulator/payment_intents/:id/complete_action', ({ match }) => control.completeAction(match.id));
  controlRoute('POST', '/_emulator/setup_intents/:id/complete_action', ({ match, params }) =>
    control.completeAction(match.id, params.outcome)
  );
  controlRoute('POST', '/_emulator/payment_intents/:id/dispute', ({ match, params }) => control.dispute(match.id, params));
  controlRoute('POST', '/_emulator/disputes/:id/close', ({ match, params }) => control.closeDispute(match.id, params.status));
  controlRoute('POST', '/_emulator/accounts/:id/enable', ({ match }) => control.enableAccount(match.id));
  controlRoute('POST', '/_emulator/payouts/:id/paid', ({ match }) => control.settlePayout(match.id, 'paid'));
  controlRoute('POST', '/_emulator/payouts/:id/failed', ({ match }) => control.settlePayout(match.id, 'failed'));
  controlRoute(
    'GET',
    '/_emulator/objects/:id',
    ({ match }) =>
      control.object(match.id) ??
      (() => {
        throw noSuch('object', match.id);
      })()
  );
  controlRoute('POST', '/_emulator/outage', ({ params }) => control.startOutage(params));
  controlRoute('DELETE', '/_emulator/outage', () => control.endOutage());
  controlRoute('POST', '/_emulator/reset', () => control.reset());
  controlRoute('GET', '/_emulator/connect/onboard/:id', ({ match, query }) => {
    control.enableAccount(match.id);
    const returnUrl = query.get('return_url');
    if (returnUrl) return { __redirect: returnUrl };
    return { onboarded: match.id };
  });

  // ---------------------------------------------------------------- HTTP plumbing
  /** @param {any} obj @param {string[]} paths */
  function expand(obj, paths) {
    /** @param {any} node @param {string[]} segs */
    const walk = (node, segs) => {
      if (!node || typeof node !== 'object' || segs.length === 0) return;
      if (node.object === 'list' && Array.isArray(node.data) && segs[0] === 'data') {
        for (const item of node.data) walk(item, segs.slice(1));
        return;
      }
      const [head, ...rest] = segs;
      let v = node[head];
      if (typeof v === 'string' && state.objects.has(v)) {
        v = clone(/** @type {Entry} */ (state.objects.get(v)).obj);
        node[head] = v;
      }
      walk(v, rest);
    };
    for (const p of paths) walk(obj, String(p).split('.'));
    return obj;
  }

  /** @param {http.IncomingMessage} req @returns {Promise<string>} */
  function readBody(req) {
    return new Promise((resolve, reject) => {
      /** @type {Buffer[]} */
      const chunks = [];
      let size = 0;
      req.on('data', (c) => {
        size += c.length;
        if (size > 1_000_000) {
          reject(invalid('Request body too large.'));
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  /** @param {http.IncomingMessage} req @param {string} body */
  function parseBody(req, body) {
    if (!body) return {};
    if (String(req.headers['content-type'] ?? '').includes('application/json')) {
      try {
        return JSON.parse(body);
      } catch {
        throw invalid('Invalid JSON body.');
      }
    }
    return parseForm(body);
  }

  /** @param {http.IncomingMessage} req @param {URL} url @param {string} requestId @returns {Promise<Result & { meta?: Record<string, any> }>} */
  async function handleApi(req, url, requestId) {
    const method = /** @type {string} */ (req.method);
    const body = await readBody(req);
    const auth = String(req.headers.authorization ?? '');
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!m) {
      throw new ApiError(
        401,
        'invalid_request_error',
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
      );
    }
    const apiKey = m[1];
    if (!/^(sk|rk)_test_\w+$/.test(apiKey)) {
      const shown =
        apiKey.length > 8 ? `${apiKey.slice(0, 8)}${'*'.repeat(Math.max(0, apiKey.length - 12))}${apiKey.slice(-4)}` : apiKey;
      throw new ApiError(401, 'invalid_request_error', `Invalid API Key provided: ${shown}`, { code: 'api_key_invalid' });
    }
    const account = req.headers['stripe-account'] ? String(req.headers['stripe-account']) : null;
    if (account && !entry(PLATFORM, account, 'account')) {
      throw new ApiError(
        403,
        'invalid_request_error',
        `The provided key '${apiKey.slice(0, 8)}***' does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.`,
        { code: 'account_invalid' }
      );
    }
    if (outages.some((o) => (!o.method || o.method === method) && url.pathname.startsWith(o.path))) {
      throw new ApiError(503, 'api_error', 'The emulator is simulating an outage (control API /_emulator/outage).');
    }
    const scope = account ?? PLATFORM;
    const params =
      method === 'POST' ? { ...parseForm(url.search.slice(1)), ...parseBody(req, body) } : parseForm(url.search.slice(1));
    const idempotencyKey = method === 'POST' && req.headers['idempotency-key'] ? String(req.headers['idempotency-key']) : null;

    let found;
    let match = /** @type {Record<string, string>} */ ({});
    let pathMatched = false;
    for (const r of routes) {
      const mm = r.re.exec(url.pathname);
      if (!mm) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      found = r;
      r.keys.forEach((k, i) => {
        match[k] = decodeURIComponent(mm[i + 1]);
      });
      break;
    }
    if (!found) {
      throw new ApiError(
        404,
        'invalid_request_error',
        `Unrecognized request URL (${method}: ${url.pathname}).${pathMatched ? ' This URL exists but not for this method.' : ''} The emulator implements a subset of the Stripe API; see tools/stripe-emulator/README.md.`
      );
    }

    const { expand: expandParam, ...rest } = params;
    const expandPaths = Array.isArray(expandParam) ? expandParam : expandParam ? [expandParam] : [];
    const idemKey = idempotencyKey ? `${apiKey}|${scope}|${idempotencyKey}` : null;
    const fingerprint = `${method} ${url.pathname} ${canonical(rest)}`;
    if (idemKey) {
      const prior = state.idempotency.get(idemKey);
      if (prior) {
        if (prior.fingerprint !== fingerprint) {
          throw new ApiError(
            400,
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`
          );
        }
        return {
          status: prior.status,
          body: prior.body,
          headers: { 'Idempotent-Replayed': 'true', 'Original-Request': prior.requestId },
          meta: { replayed: true, account, idempotency_key: idempotencyKey },
        };
      }
    }
    /** @type {Ctx} */
    const ctx = { scope, params: rest, requestId, idempotencyKey, method, path: url.pathname, match, apiKey };
    let status = 200;
    let out;
    try {
      out = JSON.stringify(expand(clone(found.handler(ctx)), expandPaths));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // Stripe saves results once an endpoint started executing (card declines included), not validation failures.
      if (idemKey && err.status === 402)
        state.idempotency.set(idemKey, { fingerprint, status: err.status, body: JSON.stringify(err.body()), requestId });
      throw err;
    }
    if (idemKey) state.idempotency.set(idemKey, { fingerprint, status, body: out, requestId });
    return { status, body: out, meta: { account, idempotency_key: idempotencyKey } };
  }

  /** @param {http.IncomingMessage} req @param {URL} url @returns {Promise<Result>} */
  async function handleControl(req, url) {
    const body = await readBody(req);
    const params = { ...parseForm(url.search.slice(1)), ...parseBody(req, body) };
    for (const r of controlRoutes) {
      const mm = r.re.exec(url.pathname);
      if (!mm || r.method !== req.method) continue;
      const match = /** @type {Record<string, string>} */ ({});
      r.keys.forEach((k, i) => {
        match[k] = decodeURIComponent(mm[i + 1]);
      });
      const result = await r.handler({ params, match, query: url.searchParams });
      if (result && result.__redirect) return { status: 302, body: '', headers: { Location: result.__redirect } };
      return { status: 200, body: JSON.stringify(result) };
    }
    throw new ApiError(404, 'invalid_request_error', `Unrecognized control URL (${req.method}: ${url.pathname}).`);
  }

  const server = http.createServer(async (req, res) => {
    const started = Date.now();
    state.requests += 1;
    const requestId = `req_${randomToken(14)}`;
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const isControl = url.pathname.startsWith('/_emulator/');
    /** @type {Result & { meta?: Record<string, any> }} */
    let result;
    try {
      result = isControl ? await handleControl(req, url) : await handleApi(req, url, requestId);
    } catch (err) {
      if (err instanceof ApiError) {
        result = { status: err.status, body: JSON.stringify(err.body()) };
      } else {
        const e = /** @type {Error} */ (err);
        result = {
          status: 500,
          body: JSON.stringify({ error: { type: 'api_error', message: `Emulator internal error: ${e.message}` } }),
          headers: { 'Stripe-Should-Retry': 'false' },
        };
        if (log) log({ level: 'error', msg: 'internal error', error: e.stack });
      }
    }
    const body = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
    res.writeHead(result.status ?? 200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'Request-Id': requestId,
      'Stripe-Version': apiVersion,
      ...(result.meta?.idempotency_key ? { 'Idempotency-Key': result.meta.idempotency_key } : {}),
      ...(result.headers ?? {}),
    });
    res.end(body);
    if (log) {
      log({
        ts: new Date().toISOString(),
        method: req.method,
        path: url.pathname,
        status: result.status ?? 200,
        duration_ms: Date.now() - started,
        request_id: requestId,
        control: isControl || undefined,
        account: result.meta?.account ?? undefined,
        idempotency_key: result.meta?.idempotency_key ?? undefined,
        replayed: result.meta?.replayed || undefined,
      });
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const port = address.port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closed = false;
  return {
    url: baseUrl,
    port,
    host,
    state,
    control,
    /** Stop the server and abort pending webhook deliveries. */
    close() {
      if (closed) return Promise.resolve();
      closed = true;
      dispatcher.close();
      return new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      });
    },
  };
}

module.exports = { createEmulator, ApiError, DEFAULT_API_VERSION };
