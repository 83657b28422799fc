'use strict';

/**
 * Stripe's documented test PaymentMethods (https://docs.stripe.com/testing) and what confirming them does.
 * behavior: 'succeed' | 'decline' | 'action' (3DS / SCA required).
 * @typedef {{ code: string, decline_code: string, message: string }} Decline
 * @typedef {{ brand: string, last4: string, funding?: string, country?: string, behavior: 'succeed'|'decline'|'action', decline?: Decline, declineOnAttach?: boolean }} TestCard
 */

const GENERIC = 'Your card was declined.';

/** @type {Record<string, TestCard>} */
const TEST_CARDS = {
  pm_card_visa: { brand: 'visa', last4: '4242', behavior: 'succeed' },
  pm_card_visa_debit: { brand: 'visa', last4: '5556', funding: 'debit', behavior: 'succeed' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', behavior: 'succeed' },
  pm_card_amex: { brand: 'amex', last4: '8431', behavior: 'succeed' },
  pm_card_chargeDeclined: {
    brand: 'visa',
    last4: '0002',
    behavior: 'decline',
    decline: { code: 'card_declined', decline_code: 'generic_decline', message: GENERIC },
  },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: 'visa',
    last4: '9995',
    behavior: 'decline',
    decline: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  },
  pm_card_chargeDeclinedLostCard: {
    brand: 'visa',
    last4: '9987',
    behavior: 'decline',
    decline: { code: 'card_declined', decline_code: 'lost_card', message: GENERIC },
  },
  pm_card_chargeDeclinedStolenCard: {
    brand: 'visa',
    last4: '9979',
    behavior: 'decline',
    decline: { code: 'card_declined', decline_code: 'stolen_card', message: GENERIC },
  },
  pm_card_chargeDeclinedExpiredCard: {
    brand: 'visa',
    last4: '0069',
    behavior: 'decline',
    decline: { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' },
  },
  pm_card_chargeDeclinedIncorrectCvc: {
    brand: 'visa',
    last4: '0127',
    behavior: 'decline',
    decline: { code: 'incorrect_cvc', decline_code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
  },
  pm_card_chargeDeclinedProcessingError: {
    brand: 'visa',
    last4: '0119',
    behavior: 'decline',
    decline: {
      code: 'processing_error',
      decline_code: 'processing_error',
      message: 'An error occurred while processing your card. Try again in a little bit.',
    },
  },
  pm_card_chargeDeclinedFraudulent: {
    brand: 'visa',
    last4: '0019',
    behavior: 'decline',
    decline: { code: 'card_declined', decline_code: 'fraudulent', message: GENERIC },
  },
  // Attaches fine, but every charge declines (4000 0000 0000 0341).
  pm_card_chargeCustomerFail: {
    brand: 'visa',
    last4: '0341',
    behavior: 'decline',
    decline: { code: 'card_declined', decline_code: 'generic_decline', message: GENERIC },
  },
  pm_card_threeDSecure2Required: { brand: 'visa', last4: '3220', behavior: 'action' },
  pm_card_authenticationRequired: { brand: 'visa', last4: '3155', behavior: 'action' },
};

/** Full test card numbers (for `payment_methods.create({ type: 'card', card: { number } })`). */
/** @type {Record<string, string>} */
const NUMBER_TO_TOKEN = {
  4242424242424242: 'pm_card_visa',
  4000056655665556: 'pm_card_visa_debit',
  5555555555554444: 'pm_card_mastercard',
  378282246310005: 'pm_card_amex',
  4000000000000002: 'pm_card_chargeDeclined',
  4000000000009995: 'pm_card_chargeDeclinedInsufficientFunds',
  4000000000009987: 'pm_card_chargeDeclinedLostCard',
  4000000000009979: 'pm_card_chargeDeclinedStolenCard',
  4000000000000069: 'pm_card_chargeDeclinedExpiredCard',
  4000000000000127: 'pm_card_chargeDeclinedIncorrectCvc',
  4000000000000119: 'pm_card_chargeDeclinedProcessingError',
  4100000000000019: 'pm_card_chargeDeclinedFraudulent',
  4000000000000341: 'pm_card_chargeCustomerFail',
  4000000000003220: 'pm_card_threeDSecure2Required',
  4000002500003155: 'pm_card_authenticationRequired',
};

/** Legacy `tok_*` tokens map onto the same behaviours. */
/** @param {string} token @returns {string|undefined} */
function tokenToPaymentMethod(token) {
  if (TEST_CARDS[token]) return token;
  if (token.startsWith('tok_')) {
    const candidate = `pm_card_${token.slice(4)}`;
    if (TEST_CARDS[candidate]) return candidate;
  }
  return undefined;
}

module.exports = { TEST_CARDS, NUMBER_TO_TOKEN, tokenToPaymentMethod };
