import { DateTime } from 'luxon';
import type { TestApp } from './app';
import type { TestUser } from './users';

/** A venue-local wall-clock time `days` days from today, as an ISO instant (UTC). */
export const localTime = (zone: string, daysFromToday: number, clock: string): string => {
  const [hour, minute] = clock.split(':').map(Number);
  return DateTime.now()
    .setZone(zone)
    .startOf('day')
    .plus({ days: daysFromToday })
    .set({ hour, minute })
    .toUTC()
    .toISO() as string;
};

export const createBooking = (
  app: TestApp,
  user: TestUser,
  body: Record<string, unknown>,
  headers: Record<string, string> = {}
) =>
  app
    .http()
    .post(app.api('/bookings/create'))
    .set({ ...user.auth, ...headers })
    .send(body);

export const bookingRow = (app: TestApp, documentId: string) =>
  app.strapi.db.query('api::booking.booking').findOne({ where: { documentId } });

export const slotRow = (app: TestApp, documentId: string) =>
  app.strapi.db.connection('booking_slots').where({ booking_document_id: documentId }).first();

export const setSetting = async (app: TestApp, key: string, value: unknown) => {
  await app.strapi.db.query('api::system-setting.system-setting').update({ where: { key }, data: { value } });
};

/** Collects domain events published while the test runs. */
export const recordEvents = (app: TestApp) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the running app's own module instance, from dist/
  const { eventBus } = require(`${app.strapi.dirs.dist.root}/src/infra/event-bus`);
  const seen: { name: string; payload: Record<string, unknown> }[] = [];
  const names = ['booking.created', 'booking.updated', 'availability.changed', 'pricing.changed'];
  const stops = names.map((name) => eventBus.subscribe(name, (payload: Record<string, unknown>) => seen.push({ name, payload })));
  return { seen, stop: () => stops.forEach((stop: () => void) => stop()) };
};
