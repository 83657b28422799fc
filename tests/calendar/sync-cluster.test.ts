import { startApp, type TestApp } from '../harness/app';
import { localTime } from '../harness/bookings';
import { startInstance, type TestInstance } from '../harness/instance';
import { databaseUrl } from '../harness/postgres';
import { describeWith } from '../harness/services';
import { createVendor } from '../harness/users';
import { createVenue } from '../harness/venues';
import { icsCalendar, icsEvent, startIcsServer, type IcsServer } from './ics-server';

/**
 * The periodic sync runs once per cluster: two app instances (child processes) on one PostgreSQL
 * database, both with the calendar job firing every second, race for the same due feeds. While one
 * instance's round is in progress (the calendar server holds its answer) the other must not start a
 * round of its own, and each feed is fetched exactly once.
 */
const ZONE = 'Europe/Berlin';
const TIMEOUT = 180_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWith(['postgres'])('calendar sync job across two instances', () => {
  let app: TestApp;
  let ics: IcsServer;
  const instances: TestInstance[] = [];

  beforeAll(async () => {
    ics = await startIcsServer();
    app = await startApp({ env: { ICAL_ALLOW_PRIVATE_HOSTS: 'true' } });
    const shared = databaseUrl(process.env.TOFIMOTIA_TEST_PG_BASE_URL as string, app.database.name);
    const env = {
      CRON_ENABLED: 'true',
      ICAL_SYNC_CRON: '* * * * * *',
      ICAL_SYNC_BATCH_SIZE: '1',
      ICAL_ALLOW_PRIVATE_HOSTS: 'true',
    };
    instances.push(
      ...(await Promise.all([startInstance({ databaseUrl: shared, env }), startInstance({ databaseUrl: shared, env })]))
    );
  }, TIMEOUT);
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await app?.stop();
    await ics?.close();
  }, TIMEOUT);

  it(
    'fetches each due feed once, from one instance at a time',
    async () => {
      const vendor = await createVendor(app);
      const venue = await createVenue(app, vendor);
      const names = ['a', 'b', 'c'];
      for (const [i, name] of names.entries()) {
        ics.set(
          `/${name}.ics`,
          icsCalendar(icsEvent(`${name}@race`, localTime(ZONE, 10 + i, '10:00'), localTime(ZONE, 10 + i, '12:00')))
        );
      }
      ics.pause();
      for (const name of names) {
        await app.strapi.documents('api::calendar-feed.calendar-feed').create({
          data: { venue: venue.id, url: ics.url(`/${name}.ics`), name, last_status: 'never' } as never,
        });
      }

      // One instance takes the round and waits on the calendar server; for three seconds the other's job
      // fires every second and must find the round taken.
      const deadline = Date.now() + 30_000;
      while (ics.requests.length === 0 && Date.now() < deadline) await sleep(100);
      expect(ics.requests.length).toBe(1);
      await sleep(3_000);
      expect(ics.requests.length).toBe(1);
      ics.resume();

      const feeds = () =>
        app.strapi.db.query('api::calendar-feed.calendar-feed').findMany({ where: { venue: { id: venue.id } } });
      while (Date.now() < deadline + 30_000 && (await feeds()).some((f: { last_status: string }) => f.last_status !== 'ok'))
        await sleep(200);
      expect((await feeds()).map((f: { last_status: string }) => f.last_status)).toEqual(['ok', 'ok', 'ok']);
      // A few more rounds on both instances: nothing is due any more.
      await sleep(2_500);
      expect(ics.requests.map((r) => r.path).sort()).toEqual(['/a.ics', '/b.ics', '/c.ics']);
      expect(ics.maxConcurrent()).toBe(1);
      const blocks = await app.strapi.db
        .query('api::blocked-period.blocked-period')
        .count({ where: { venue: { id: venue.id }, source: 'ical' } });
      expect(blocks).toBe(3);
    },
    TIMEOUT
  );
});
