import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { startApp, type TestApp } from '../harness/app';
import { startS3 } from '../harness/s3';
import { appDir } from '../harness/test-env';
import { createVendor, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

/** With S3 configured, venue photos are stored in the bucket (EXIF-free), never in public/uploads, and deleted there. */
let s3: Awaited<ReturnType<typeof startS3>>;
let app: TestApp;
let vendor: TestVendor;
let venue: TestVenue;

beforeAll(async () => {
  s3 = await startS3();
  app = await startApp({ env: s3.env });
  vendor = await createVendor(app);
  venue = await createVenue(app, vendor);
}, 180_000);
afterAll(async () => {
  await app?.stop();
  await s3?.stop();
});

it('uploads a venue photo to S3 without EXIF, serves it from the bucket, and deletes it there', async () => {
  const photo = path.join(s3.directory, 'phone.jpg');
  await sharp({ create: { width: 40, height: 30, channels: 3, background: '#884422' } })
    .jpeg()
    .withExif({ IFD0: { Copyright: 'Secret Owner' } })
    .toFile(photo);
  const res = await app
    .http()
    .post(app.api('/vendor-dashboard/venues/management/media-upload'))
    .set(vendor.auth)
    .field('venue', venue.documentId)
    .attach('file', photo);
  expect(res.status).toBe(201);
  const image = res.body.data.images[0];
  expect(image.url).toMatch(new RegExp(`^${s3.endpoint}/${s3.bucket}/`));
  const row = await app.strapi.db.query('plugin::upload.file').findOne({ where: { documentId: image.documentId } });
  expect(row.provider).toBe('aws-s3');
  expect(fs.existsSync(path.join(appDir, 'public', 'uploads', row.hash + row.ext))).toBe(false);
  const stored = await fetch(image.url);
  expect(stored.status).toBe(200);
  const meta = await sharp(Buffer.from(await stored.arrayBuffer())).metadata();
  expect(meta).toMatchObject({ format: 'jpeg', width: 40, height: 30 });
  expect(meta.exif).toBeUndefined();

  const del = await app
    .http()
    .delete(app.api(`/vendor-dashboard/venues/management/media-upload/${venue.documentId}/${image.documentId}`))
    .set(vendor.auth);
  expect(del.status).toBe(200);
  expect(del.body.data.images).toEqual([]);
  expect((await fetch(image.url)).status).toBe(404);
});
