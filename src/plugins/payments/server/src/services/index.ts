import bookingPayments from './booking-payments';
import checkout from './checkout';
import paymentRecords from './payment-records';
import paymentSync from './payment-sync';
import reconciliation from './reconciliation';
import refunds from './refunds';
import stripe from './stripe';
import webhooks from './webhooks';

export default {
  stripe,
  'payment-records': paymentRecords,
  'payment-sync': paymentSync,
  checkout,
  refunds,
  'booking-payments': bookingPayments,
  webhooks,
  reconciliation,
};
