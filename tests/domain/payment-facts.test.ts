import {
  bookingPaymentStatusOf,
  factsOf,
  isStaleSnapshot,
  type IntentFacts,
  type IntentSnapshot,
} from '../../src/domain/payment/intent-facts';
import { runSteps } from '../../src/infra/steps';

const intent = (fields: Partial<IntentSnapshot>): IntentSnapshot => ({
  id: 'pi_1',
  status: 'requires_payment_method',
  amount: 10000,
  amount_received: 0,
  currency: 'eur',
  ...fields,
});
const refund = (amount: number, status = 'succeeded') => ({ id: `re_${amount}_${status}`, amount, status });

describe('factsOf: a PaymentIntent as our payment record sees it', () => {
  it.each([
    [{ status: 'requires_payment_method' }, [], 'requires_payment_method'],
    [{ status: 'requires_payment_method', last_payment_error: { decline_code: 'insufficient_funds' } }, [], 'failed'],
    [{ status: 'requires_action' }, [], 'requires_action'],
    [{ status: 'processing' }, [], 'processing'],
    [{ status: 'requires_capture' }, [], 'authorized'],
    [{ status: 'canceled' }, [], 'canceled'],
    [{ status: 'succeeded', amount_received: 10000 }, [], 'succeeded'],
    [{ status: 'succeeded', amount_received: 10000 }, [refund(4000)], 'partially_refunded'],
    [{ status: 'succeeded', amount_received: 10000 }, [refund(4000), refund(6000)], 'refunded'],
    [{ status: 'succeeded', amount_received: 10000 }, [refund(4000, 'pending'), refund(6000, 'failed')], 'succeeded'],
  ] as const)('%o with refunds %o → %s', (fields, refunds, expected) => {
    expect(factsOf(intent(fields as Partial<IntentSnapshot>), [...refunds]).status).toBe(expected);
  });

  it('counts only succeeded refunds, never more than was captured', () => {
    expect(
      factsOf(intent({ status: 'succeeded', amount_received: 5000 }), [refund(3000), refund(4000), refund(999, 'pending')])
    ).toMatchObject({
      amount_captured: 5000,
      refunded_amount: 5000,
      status: 'refunded',
      failure_reason: null,
    });
  });

  it('keeps the decline reason while the intent waits for another card', () => {
    expect(factsOf(intent({ last_payment_error: { code: 'card_declined', decline_code: null } }), []).failure_reason).toBe(
      'card_declined'
    );
  });
});

describe('bookingPaymentStatusOf', () => {
  it.each([
    ['succeeded', 'unpaid', 'paid'],
    ['authorized', 'unpaid', 'authorized'],
    ['failed', 'unpaid', 'failed'],
    ['failed', 'paid', 'paid'],
    ['canceled', 'authorized', 'unpaid'],
    ['canceled', 'paid', 'paid'],
    ['partially_refunded', 'paid', 'partially_refunded'],
    ['refunded', 'partially_refunded', 'refunded'],
    ['requires_action', 'unpaid', 'unpaid'],
  ] as const)('%s (booking %s) → %s', (status, current, expected) => {
    expect(bookingPaymentStatusOf(status, current)).toBe(expected);
  });
});

describe('isStaleSnapshot: a read overtaken by a newer one is skipped', () => {
  const next = (status: IntentFacts['status'], refunded = 0): IntentFacts => ({
    status,
    amount_captured: 0,
    refunded_amount: refunded,
    failure_reason: null,
  });
  it.each([
    ['succeeded', 0, 'requires_payment_method', 0, true],
    ['succeeded', 0, 'authorized', 0, true],
    ['succeeded', 0, 'partially_refunded', 100, false],
    ['partially_refunded', 100, 'succeeded', 0, true],
    ['refunded', 500, 'refunded', 500, false],
    ['canceled', 0, 'requires_payment_method', 0, true],
    ['authorized', 0, 'requires_action', 0, true],
    ['authorized', 0, 'canceled', 0, false],
    ['authorized', 0, 'succeeded', 0, false],
    ['failed', 0, 'requires_payment_method', 0, false],
    ['requires_action', 0, 'failed', 0, false],
  ] as const)(
    'recorded %s (refunded %i), read %s (refunded %i) → stale %s',
    (recorded, recordedRefund, read, readRefund, stale) => {
      expect(isStaleSnapshot({ status: recorded, refunded_amount: recordedRefund }, next(read, readRefund))).toBe(stale);
    }
  );
});

describe('runSteps: compensating steps', () => {
  it('undoes completed steps in reverse order when a later step fails, and rethrows', async () => {
    const log: string[] = [];
    const step = (name: string, fail = false) => ({
      name,
      invoke: async () => {
        if (fail) throw new Error(`${name} failed`);
        log.push(`do ${name}`);
      },
      compensate: async () => {
        log.push(`undo ${name}`);
      },
    });
    await expect(runSteps({}, [step('a'), step('b'), step('c', true), step('d')])).rejects.toThrow('c failed');
    expect(log).toEqual(['do a', 'do b', 'undo b', 'undo a']);
  });

  it('reports a failing compensation and still undoes the others', async () => {
    const log: string[] = [];
    const failures: string[] = [];
    await expect(
      runSteps(
        {},
        [
          { name: 'a', invoke: async () => undefined, compensate: async () => void log.push('undo a') },
          {
            name: 'b',
            invoke: async () => undefined,
            compensate: async () => {
              throw new Error('cannot');
            },
          },
          {
            name: 'c',
            invoke: async () => {
              throw new Error('boom');
            },
          },
        ],
        { onCompensationError: (name) => failures.push(name) }
      )
    ).rejects.toThrow('boom');
    expect(failures).toEqual(['b']);
    expect(log).toEqual(['undo a']);
  });
});
