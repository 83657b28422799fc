'use strict';

/**
 * Stripe-style form decoding: `metadata[booking]=x`, `payment_method_types[]=card`,
 * `expand[0]=latest_charge`, `transfer_data[destination]=acct_1`.
 * Values stay strings (Stripe coerces per parameter); containers keyed only by integers become arrays,
 * except anything under a `metadata` key, whose keys are free-form.
 */

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** @param {string} key @returns {string[]} */
function splitKey(key) {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  let m;
  const rest = key.slice(open);
  while ((m = re.exec(rest))) segments.push(m[1]);
  return segments;
}

/** @param {Record<string, any>} node */
function nextIndex(node) {
  return String(Object.keys(node).filter((k) => /^\d+$/.test(k)).length);
}

/** @param {Record<string, any>} root @param {string[]} segments @param {string} value */
function assign(root, segments, value) {
  let cur = root;
  for (let i = 0; i < segments.length; i += 1) {
    let seg = segments[i];
    if (seg === '') seg = nextIndex(cur);
    if (i === segments.length - 1) {
      cur[seg] = value;
    } else {
      if (cur[seg] === undefined || cur[seg] === null || typeof cur[seg] !== 'object') cur[seg] = Object.create(null);
      cur = cur[seg];
    }
  }
}

/** @param {any} node @param {string} [parentKey] @returns {any} */
function normalize(node, parentKey) {
  if (node === null || typeof node !== 'object') return node;
  const keys = Object.keys(node);
  if (parentKey !== 'metadata' && keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => normalize(node[k], k));
  }
  /** @type {Record<string, any>} */
  const out = {};
  for (const k of keys) {
    if (FORBIDDEN.has(k)) continue;
    out[k] = normalize(node[k], k);
  }
  return out;
}

/** @param {string} body @returns {Record<string, any>} */
function parseForm(body) {
  const root = Object.create(null);
  if (!body) return {};
  for (const [key, value] of new URLSearchParams(body)) assign(root, splitKey(key), value);
  return normalize(root);
}

/** Canonical JSON (sorted keys) used to compare idempotent requests. @param {any} v @returns {string} */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

module.exports = { parseForm, canonical, splitKey };
