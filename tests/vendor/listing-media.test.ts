import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startApp, type TestApp } from '../harness/app';
import { appDir } from '../harness/test-env';
import { createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

/**
 * Venue photos: type sniffed from the bytes, decoded and re-encoded without EXIF, ≤ 10 MB (413), ≤ 20 per venue,
 * alt text and order, delete; bad files store nothing; someone else's venue or photo is a 404.
 */
const MEDIA = '/vendor-dashboard/venues/management/media-upload';
const HALL_PNG = path.join(appDir, 'src', 'seed', 'images', 'hall.png');
const FILE = 'plugin::upload.file';

let app: TestApp;
let vendor: TestVendor;
let other: TestVendor;
let venue: TestVenue;
let tmp: string;

const upload = (user: TestUser, file: string, fields: Record<string, string> = {}, name = path.basename(file)) => {
  let r = app.http().post(app.api(MEDIA)).set(user.auth);
  for (const [k, v] of Object.entries({ venue: venue.documentId, ...fields })) r = r.field(k, v);
  return r.attach('file', file, { filename: name, contentType: 'image/jpeg' });
};
const fileCount = () => app.strapi.db.query(FILE).count();

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'venue-media-'));
  app = await startApp();
  vendor = await createVendor(app);
  other = await createVendor(app);
  venue = await createVenue(app, vendor);
}, 180_000);
afterAll(async () => {
  await app?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('venue photos', () => {
  let first: string;
  let second: string;

  it('stores a JPEG without its EXIF metadata (201), through the upload provider', async () => {
    const withExif = path.join(tmp, 'phone.jpg');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366aa' } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'Secret Owner', Artist: 'GPS 52.52,13.40' } })
      .toFile(withExif);
    expect((await sharp(withExif).metadata()).exif).toBeDefined();

    const res = await upload(vendor, withExif, { alt: 'The <b>main</b> hall' });
    expect(res.status).toBe(201);
    expect(res.body.data.venue).toBe(venue.documentId);
    expect(res.body.data.images).toHaveLength(1);
    const image = res.body.data.images[0];
    expect(image).toMatchObject({ alt: 'The main hall', mime: 'image/jpeg', width: 64, height: 48 });
    first = image.documentId;
    const stored = await app.http().get(image.url);
    expect(stored.status).toBe(200);
    const meta = await sharp(stored.body as Buffer).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
  });

  it('recognises the type from the bytes: a PNG named .jpg is stored as PNG, text named .jpg is a 400', async () => {
    const res = await upload(vendor, HALL_PNG, {}, 'looks-like.jpg');
    expect(res.status).toBe(201);
    second = res.body.data.images[1].documentId;
    expect(res.body.data.images[1].mime).toBe('image/png');

    const before = await fileCount();
    const text = path.join(tmp, 'fake.jpg');
    fs.writeFileSync(text, 'this is not a picture at all\n'.repeat(50));
    const bad = await upload(vendor, text);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['file']);
    const broken = path.join(tmp, 'broken.png');
    fs.writeFileSync(broken, Buffer.concat([fs.readFileSync(HALL_PNG).subarray(0, 16), Buffer.from('garbage'.repeat(40))]));
    expect((await upload(vendor, broken)).status).toBe(400);
    expect(await fileCount()).toBe(before);
  });

  it('refuses files over 10 MB with 413 and missing parts with 400', async () => {
    const before = await fileCount();
    const big = path.join(tmp, 'big.png');
    fs.writeFileSync(big, Buffer.concat([fs.readFileSync(HALL_PNG), Buffer.alloc(10 * 1024 * 1024)]));
    const res = await upload(vendor, big);
    expect(res.status).toBe(413);
    expect(await fileCount()).toBe(before);
    const noFile = await app.http().post(app.api(MEDIA)).set(vendor.auth).field('venue', venue.documentId);
    expect(noFile.status).toBe(400);
    expect(noFile.body.error.details.errors[0].path).toEqual(['file']);
  });

  it('sets alt text and order', async () => {
    const res = await app
      .http()
      .put(app.api(`${MEDIA}/${venue.documentId}/${second}`))
      .set(vendor.auth)
      .send({ alt: 'Garden view', position: 0 });
    expect(res.status).toBe(200);
    expect(res.body.data.images.map((i: { documentId: string }) => i.documentId)).toEqual([second, first]);
    expect(res.body.data.images[0].alt).toBe('Garden view');
    const details = await app.http().get(app.api(`/venues/${venue.documentId}/details`));
    expect(details.body.data.images.map((i: { alt: string }) => i.alt)).toEqual(['Garden view', 'The main hall']);
  });

  it('someone else’s venue or photo is a 404, and nothing changes', async () => {
    const before = await fileCount();
    const res = await upload(other, HALL_PNG);
    expect(res.status).toBe(404);
    for (const r of [
      app
        .http()
        .get(app.api(`${MEDIA}/${venue.documentId}`))
        .set(other.auth),
      app
        .http()
        .put(app.api(`${MEDIA}/${venue.documentId}/${first}`))
        .set(other.auth)
        .send({ alt: 'mine' }),
      app
        .http()
        .delete(app.api(`${MEDIA}/${venue.documentId}/${first}`))
        .set(other.auth),
    ]) {
      expect((await r).status).toBe(404);
    }
    // A photo of another venue named under one's own venue is not found either.
    const own = await createVenue(app, other);
    const cross = await app
      .http()
      .delete(app.api(`${MEDIA}/${own.documentId}/${first}`))
      .set(other.auth);
    expect(cross.status).toBe(404);
    expect(await fileCount()).toBe(before);
  });

  it('deletes a photo and its file', async () => {
    const before = await fileCount();
    const res = await app
      .http()
      .delete(app.api(`/vendor/venues/manage/media/${venue.documentId}/${first}`))
      .set(vendor.auth);
    expect(res.status).toBe(200);
    expect(res.body.data.images.map((i: { documentId: string }) => i.documentId)).toEqual([second]);
    expect(await fileCount()).toBe(before - 1);
  });

  it('allows at most 20 photos per venue', async () => {
    const small = path.join(tmp, 'small.png');
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toFile(small);
    const full = await createVenue(app, vendor);
    for (let i = 0; i < 20; i += 1) {
      const res = await app.http().post(app.api(MEDIA)).set(vendor.auth).field('venue', full.documentId).attach('file', small);
      expect(res.status).toBe(201);
    }
    const before = await fileCount();
    const over = await app.http().post(app.api(MEDIA)).set(vendor.auth).field('venue', full.documentId).attach('file', small);
    expect(over.status).toBe(409);
    expect(over.body.error.details.reason).toBe('TOO_MANY_IMAGES');
    expect(await fileCount()).toBe(before);
  });
});
