import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { isPostgres } from '../../../infra/db';
import { eventBus, type DomainEvents } from '../../../infra/event-bus';
import { guardedWrite } from '../../../infra/write-guard';
import { appService, type AppService } from '../../app-services';
import type { BookingRow } from '../booking-view';

/** A domain event waiting for its transaction to commit. */
export type PendingEvent = { [K in keyof DomainEvents]: { name: K; payload: DomainEvents[K] } }[keyof DomainEvents];

export const publish = <K extends keyof DomainEvents>(event: { name: K; payload: DomainEvents[K] }): void =>
  eventBus.publish(event.name, event.payload);

/** What a use case holds while it runs inside the engine's transaction. */
export interface BookingTx {
  readonly trx: Knex.Transaction;
  /** Published once the outermost transaction has committed; never for rolled-back work. */
  readonly events: PendingEvent[];
  /** Locks the booking row (PostgreSQL) so concurrent changes of one booking run one after the other; then loads it. */
  lockBooking(documentId: string): Promise<BookingRow | null>;
  /** Locks the customer's user row (PostgreSQL): their live holds are counted and added to one at a time. */
  lockCustomer(userId: number): Promise<void>;
}

/** What every booking use case works with: the services it calls and the one transaction helper. */
export interface EngineContext {
  readonly strapi: Core.Strapi;
  records(): AppService<'api::booking.booking-records'>;
  slots(): AppService<'api::booking.slots'>;
  venues(): AppService<'api::venue.venue-rules'>;
  settings(): AppService<'api::system-setting.settings'>;
  /**
   * One database transaction inside the write guard (`owner` names the writer; other paths are refused),
   * with the locks above. Overlaps are refused by the database: PostgreSQL's exclusion constraint for
   * concurrent writers on any instance; on SQLite the single write connection serialises check and insert.
   */
  transaction<T>(owner: string, work: (tx: BookingTx) => Promise<T>): Promise<T>;
}

export const engineContext = (strapi: Core.Strapi): EngineContext => {
  const records = () => appService(strapi, 'api::booking.booking-records');
  return {
    strapi,
    records,
    slots: () => appService(strapi, 'api::booking.slots'),
    venues: () => appService(strapi, 'api::venue.venue-rules'),
    settings: () => appService(strapi, 'api::system-setting.settings'),
    async transaction<T>(owner: string, work: (tx: BookingTx) => Promise<T>): Promise<T> {
      return (await strapi.db.transaction(({ trx, onCommit }) =>
        guardedWrite(owner, async () => {
          const tx: BookingTx = {
            trx,
            events: [],
            async lockBooking(documentId) {
              await records().lock(trx, documentId);
              return records().load(documentId);
            },
            async lockCustomer(userId) {
              if (isPostgres(strapi)) await trx('up_users').where('id', userId).forUpdate().select('id');
            },
          };
          const result = await work(tx);
          onCommit(() => {
            for (const event of tx.events) publish(event);
          });
          return result;
        })
      )) as T;
    },
  };
};
