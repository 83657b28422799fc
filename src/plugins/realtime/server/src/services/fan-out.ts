import type { Core } from '@strapi/strapi';
import type { Server } from 'socket.io';
import { eventBus, type DomainEvents } from '../../../../../infra/event-bus';
import { rooms, type ServerEvents } from '../contracts';

/**
 * Domain events → socket events. The bus is in-process: the instance whose service published an event
 * emits it once, and the adapter carries it to the sockets on every instance. Nothing else emits
 * business events to sockets (controllers never do).
 *
 *   booking.created / booking.updated → `booking:updated` to the customer and the venue's vendor
 *   availability.changed              → `availability:changed` to the venue's subscribers (with hold_expires_at)
 *   pricing.changed                   → `pricing:changed` to the venue's subscribers
 *   notification.created              → `notification` to its user
 *   chat.message                      → `chat:message` to the participants (and staff for support/admin)
 *   user.blocked                      → that user's sockets are disconnected, on every instance
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let stops: (() => void)[] = [];

  /** documentId of the vendor profile owning a venue (bookings' events carry the venue only). */
  const vendorOfVenue = async (venue: string): Promise<string | null> => {
    const row = (await strapi.db.query('api::venue.venue').findOne({
      where: { documentId: venue },
      select: ['id'],
      populate: { vendor: { select: ['documentId'] } },
    })) as { vendor?: { documentId: string } | null } | null;
    return row?.vendor?.documentId ?? null;
  };

  const emit = <E extends keyof ServerEvents>(io: Server, to: string[], event: E, payload: ServerEvents[E]) => {
    if (to.length) io.to(to).emit(event, payload);
  };

  return {
    start(io: Server) {
      const on = <K extends keyof DomainEvents>(name: K, listener: (payload: DomainEvents[K]) => Promise<void> | void) => {
        stops.push(eventBus.subscribe(name, listener));
      };

      const bookingUpdated = async (event: DomainEvents['booking.created']) => {
        const vendor = await vendorOfVenue(event.venue);
        emit(io, [rooms.user(event.customer), ...(vendor ? [rooms.vendor(vendor)] : [])], 'booking:updated', {
          booking: event.booking,
          venue: event.venue,
          status: event.status,
          payment_status: event.payment_status,
        });
      };
      on('booking.created', bookingUpdated);
      on('booking.updated', bookingUpdated);

      on('availability.changed', (event) =>
        emit(io, [rooms.venue(event.venue)], 'availability:changed', {
          venue: event.venue,
          from: event.from,
          to: event.to,
          ...(event.hold_expires_at !== undefined ? { hold_expires_at: event.hold_expires_at } : {}),
        })
      );
      on('pricing.changed', (event) => emit(io, [rooms.venue(event.venue)], 'pricing:changed', { venue: event.venue }));
      on('notification.created', (event) => emit(io, [rooms.user(event.user)], 'notification', event.notification));
      on('chat.message', (event) =>
        emit(io, [...event.recipients.map(rooms.user), ...(event.staff ? [rooms.staff] : [])], 'chat:message', {
          conversation: event.conversation,
          message: event.message,
        })
      );
      on('user.blocked', (event) => {
        io.in(rooms.user(event.user)).disconnectSockets(true);
      });
    },

    stop() {
      for (const stop of stops) stop();
      stops = [];
    },
  };
};
