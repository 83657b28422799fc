import { startApp, type TestApp } from '../harness/app';
import { appDir } from '../harness/test-env';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app.stop();
});

const counts = async () => {
  const uids = ['api::amenity.amenity', 'api::venue.venue', 'api::vendor-profile.vendor-profile', 'api::booking.booking', 'api::review.review', 'plugin::users-permissions.user', 'plugin::upload.file', 'admin::user'];
  return Object.fromEntries(await Promise.all(uids.map(async (uid) => [uid, await app.strapi.db.query(uid as never).count()])));
};

describe('demo data', () => {
  it('seeds a browsable marketplace, idempotently', async () => {
    const { seedDemoData } = require(`${appDir}/dist/src/seed`);
    const lines: string[] = [];
    await seedDemoData(app.strapi, { log: (line: string) => lines.push(line) });
    const first = await counts();
    expect(first).toMatchObject({
      'api::amenity.amenity': 8,
      'api::venue.venue': 5,
      'api::vendor-profile.vendor-profile': 3,
      'api::booking.booking': 5,
      'api::review.review': 3,
      'plugin::users-permissions.user': 4,
      'plugin::upload.file': 2,
      'admin::user': 1,
    });
    expect(lines.some((l) => l.includes('venues 5/5'))).toBe(true);
    expect(lines.some((l) => l.includes('customer@tofimotia.local'))).toBe(true);

    await seedDemoData(app.strapi, { log: () => undefined });
    expect(await counts()).toEqual(first);

    const res = await app.http().get(app.api('/venues?populate[location]=true&populate[images]=true&pagination[pageSize]=100'));
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.total).toBe(5);
    const zones = new Set(res.body.data.map((v: { timezone: string }) => v.timezone));
    expect(zones).toEqual(new Set(['Europe/Berlin', 'America/New_York', 'Asia/Kolkata']));
    const imageUrl = res.body.data[0].images[0].url;
    expect(imageUrl).toMatch(/^\/uploads\/demo_/);
    const image = await app.http().get(imageUrl);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');

    // Demo logins work.
    const login = await app.http().post(app.api('/auth/local')).send({ identifier: 'customer@tofimotia.local', password: 'Tofimotia-demo-2026' });
    expect(login.status).toBe(200);
  });

  it('onlyIfEmpty leaves an existing catalogue alone', async () => {
    const { seedDemoData } = require(`${appDir}/dist/src/seed`);
    const result = await seedDemoData(app.strapi, { onlyIfEmpty: true, log: () => undefined });
    expect(result).toEqual({ skipped: true });
  });
});
