/** Money helpers: amounts are integer minor units, rounding is half up. */

/**
 * Math.round after trimming binary noise, so a product that is mathematically x.5 (1010 × 1.05)
 * rounds up even when the float comes out as x.4999999999999.
 */
export const roundMinor = (value: number): number => Math.round(Number(value.toPrecision(15)));

export const percentOf = (amount: number, percent: number): number => roundMinor((amount * percent) / 100);

/**
 * round(rate × elapsedMs / 1 h), exactly: rate × ms overflows 2^53 for long bookings at high rates,
 * so the division is done on BigInts (half up for non-negative values).
 */
export const amountForDuration = (ratePerHour: number, elapsedMs: number, hourMs: number): number => {
  const numerator = BigInt(ratePerHour) * BigInt(elapsedMs);
  const denominator = BigInt(hourMs);
  return Number((2n * numerator + denominator) / (2n * denominator));
};

/** Minor-unit digits of an ISO 4217 currency (EUR 2, JPY 0, KWD 3); throws RangeError for malformed codes. */
export const minorDigits = (currency: string): number =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** 12500 EUR → "125.00 EUR" (no grouping, so labels stay machine-friendly). */
export const formatMoney = (amount: number, currency: string): string => {
  const digits = minorDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const padded = String(Math.abs(amount)).padStart(digits + 1, '0');
  const major = digits === 0 ? padded : `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
  return `${sign}${major} ${currency}`;
};

/** 180 → "3", 90 → "1.5", 80 → "1.33" (at most two decimals, no trailing zeros). */
export const formatHours = (minutes: number): string => String(Number((minutes / 60).toFixed(2)));
