import type { Core } from '@strapi/strapi';
import { engineContext } from '../engine/context';
import { creation } from '../engine/create';
import { imports } from '../engine/import';
import { maintenance } from '../engine/maintenance';
import { paymentFacts } from '../engine/payment-facts';
import { quoting } from '../engine/quote';
import { reads } from '../engine/reads';
import { transitions } from '../engine/transitions';

/**
 * The booking engine (`api::booking.booking-engine`): the only code that creates bookings or changes their
 * status. One use case per module under ../engine — quote, create, reads, transitions, payment facts,
 * maintenance, import — sharing one transaction helper with its locks (../engine/context.ts): every write
 * runs in one database transaction inside `guardedWrite`, keeps `booking_slots` in step with the booking,
 * and publishes its events after commit. Callers reach it typed: `appService(strapi, 'api::booking.booking-engine')`.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const ctx = engineContext(strapi);
  const quote = quoting(ctx);
  return {
    ...quote,
    ...creation(ctx, quote),
    ...reads(ctx),
    ...transitions(ctx),
    ...paymentFacts(ctx),
    ...maintenance(ctx),
    ...imports(ctx),
  };
};
