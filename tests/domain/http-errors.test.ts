import { errors } from '@strapi/utils';
import { BookingError } from '../../src/domain/booking/errors';
import { PricingError } from '../../src/domain/pricing';
import { toHttpError } from '../../src/infra/http-errors';
import { PaymentError } from '../../src/domain/payment/errors';
import { InvoiceError } from '../../src/domain/invoice';
import { CalendarError } from '../../src/domain/calendar/errors';
import { ChatError } from '../../src/domain/chat/errors';
import { DomainError } from '../../src/domain/errors';

const shape = (error: unknown) => {
  const e = error as { status?: number; name?: string; message?: string; details?: Record<string, unknown> };
  return { status: e.status, name: e.name, reason: e.details?.reason, service: e.details?.service };
};

describe('domain errors', () => {
  it.each([
    [new BookingError('slot_taken', 'm', { a: 1 }), 'BookingError'],
    [new PaymentError('not_payable', 'm', { a: 1 }), 'PaymentError'],
    [new InvoiceError('not_paid', 'm', { a: 1 }), 'InvoiceError'],
    [new CalendarError('feed_exists', 'm', { a: 1 }), 'CalendarError'],
    [new ChatError('closed', 'm', { a: 1 }), 'ChatError'],
  ])('%s keeps its name, code, message and details', (error, name) => {
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ name, message: 'm', details: { a: 1 } });
    expect(String(error)).toBe(`${name}: m`);
  });

  it('default details are empty; PricingError keeps its rule id', () => {
    expect(new ChatError('not_found', 'x').details).toEqual({});
    const pricing = new PricingError('INVALID_RULE', 'bad rule', 7);
    expect(pricing).toBeInstanceOf(DomainError);
    expect(pricing).toMatchObject({ name: 'PricingError', code: 'INVALID_RULE', message: 'bad rule', ruleId: 7 });
    expect(new PricingError('PROMO_CODE_INVALID', 'no').ruleId).toBeNull();
  });
});

describe('toHttpError', () => {
  it.each([
    [new BookingError('slot_taken', 'taken'), { status: 409, name: 'ConflictError', reason: 'SLOT_TAKEN' }],
    [new BookingError('illegal_transition', 'no'), { status: 409, name: 'ConflictError', reason: 'ILLEGAL_TRANSITION' }],
    [new BookingError('too_many_holds', 'no'), { status: 409, name: 'ConflictError', reason: 'TOO_MANY_HOLDS' }],
    [Object.assign(new Error('exclusion'), { code: '23P01' }), { status: 409, name: 'ConflictError', reason: 'SLOT_TAKEN' }],
    [
      Object.assign(new Error('deadlock'), { code: '40P01' }),
      { status: 409, name: 'ConflictError', reason: 'CONCURRENT_UPDATE' },
    ],
    [
      Object.assign(new Error('s3 down'), { $metadata: { httpStatusCode: 500 } }),
      { status: 502, name: 'BadGatewayError', service: 'storage' },
    ],
    [
      Object.assign(new Error('card api'), { type: 'StripeAPIError' }),
      { status: 502, name: 'BadGatewayError', service: 'payments' },
    ],
    [
      Object.assign(new Error('smtp'), { code: 'ECONNECTION' }),
      { status: 503, name: 'ServiceUnavailableError', service: 'email' },
    ],
  ])('%s', (input, expected) => {
    expect(shape(toHttpError(input))).toMatchObject(expected);
  });

  it('maps window and pricing errors to 400 validation errors with their reason', () => {
    const window = toHttpError(new BookingError('invalid_window', 'closed', { reason: 'OUTSIDE_HOURS' }));
    expect(window).toBeInstanceOf(errors.ValidationError);
    expect((window as errors.ValidationError).details).toMatchObject({ reason: 'OUTSIDE_HOURS' });
    const promo = toHttpError(new PricingError('PROMO_CODE_INVALID', 'bad code'));
    expect(promo).toBeInstanceOf(errors.ValidationError);
    expect((promo as errors.ValidationError).details).toMatchObject({ reason: 'PROMO_CODE_INVALID' });
    expect(toHttpError(new BookingError('not_found', 'x'))).toBeInstanceOf(errors.NotFoundError);
  });

  it('leaves unknown errors alone (they become a logged 500 without internals)', () => {
    const unknown = new TypeError('boom');
    expect(toHttpError(unknown)).toBe(unknown);
  });
});
