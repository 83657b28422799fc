import fs from 'node:fs';
import path from 'node:path';
import { startApp, type TestApp } from '../harness/app';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';

/**
 * Vendor profile settings and private verification documents, on both trees: a pending vendor may use them,
 * status fields are read-only, the tax id stays private, files are sniffed, size-limited, stored outside
 * public uploads (no URL reaches them) and only their owner lists, downloads or deletes them.
 */

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

describe('vendor dashboard: profile settings and documents', () => {
  let app: TestApp;
  let vendor: TestVendor;
  let pending: TestVendor;
  let other: TestVendor;
  let customer: TestUser;

  const get = (user: TestUser, p: string) => app.http().get(app.api(p)).set(user.auth);
  const put = (user: TestUser, p: string, body: Record<string, unknown>) => app.http().put(app.api(p)).set(user.auth).send(body);
  const upload = (user: TestUser, p: string, content: Buffer, filename: string, kind?: string) => {
    const req = app
      .http()
      .post(app.api(p))
      .set(user.auth)
      .attach('file', content, { filename, contentType: 'application/octet-stream' });
    return kind ? req.field('kind', kind) : req;
  };

  beforeAll(async () => {
    app = await startApp();
    vendor = await createVendor(app);
    pending = await createVendor(app, { status: 'pending' });
    other = await createVendor(app, { status: 'rejected', profile: { rejection_reason: 'Documents unreadable' } });
    customer = await createCustomer(app);
  }, 240_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('settings: GET shows status and rejection reason; PUT updates fields, keeps the tax id private', async () => {
    const rejected = await get(other, '/vendor/profile/settings');
    expect(rejected.status).toBe(200);
    expect(rejected.body.data).toMatchObject({ verification_status: 'rejected', rejection_reason: 'Documents unreadable' });

    for (const [user, tree] of [
      [pending, '/vendor-dashboard'],
      [vendor, '/vendor'],
    ] as const) {
      const res = await put(user, `${tree}/profile/settings`, {
        business_name: 'Harbour Halls',
        description: 'Rooms by the water',
        contact_email: 'team@harbour.example',
        contact_phone: '+49 30 1234567',
        website: 'https://harbour.example',
        tax_id: 'DE 123 456 789',
      });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        business_name: 'Harbour Halls',
        contact_email: 'team@harbour.example',
        website: 'https://harbour.example',
        tax_id: { present: true, last4: '6789' },
        verification_status: user === pending ? 'pending' : 'approved',
      });
      expect(JSON.stringify(res.body)).not.toContain('123 456');
    }
    const stored = await app.strapi.db.query('api::vendor-profile.vendor-profile').findOne({ where: { id: vendor.profile.id } });
    expect(stored.tax_info).toMatchObject({ tax_id: 'DE 123 456 789' });
    // The public vendor profile never carries it.
    const pub = await app.http().get(app.api(`/vendor-profiles/${vendor.profile.documentId}`));
    expect(JSON.stringify(pub.body)).not.toContain('456 789');

    const cleared = await put(vendor, '/vendor-dashboard/profile/settings', { tax_id: null, website: null });
    expect(cleared.body.data).toMatchObject({ tax_id: { present: false, last4: null }, website: null });
  });

  it('settings: 400 for forbidden and malformed fields, nothing changes', async () => {
    const forbidden = await put(pending, '/vendor-dashboard/profile/settings', { verification_status: 'approved' });
    expect(forbidden.status).toBe(400);
    expect(forbidden.body.error.details.errors[0].keys).toEqual(['verification_status']);
    for (const [field, value] of [
      ['contact_email', 'not-an-email'],
      ['website', 'javascript:alert(1)'],
      ['business_name', 'x'],
      ['contact_phone', 'call me'],
      ['tax_id', '<script>'],
    ] as const) {
      const res = await put(vendor, '/vendor/profile/settings', { [field]: value });
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors[0].path).toEqual([field]);
    }
    for (const field of ['stripe_account_id', 'payouts_enabled', 'rejection_reason', 'user']) {
      expect((await put(vendor, '/vendor/profile/settings', { [field]: 'x' })).status).toBe(400);
    }
    const after = await get(pending, '/vendor-dashboard/profile/settings');
    expect(after.body.data.verification_status).toBe('pending');
    expect((await get(customer, '/vendor-dashboard/profile/settings')).status).toBe(403);
    expect((await app.http().get(app.api('/vendor/profile/settings'))).status).toBe(403);
  });

  it('documents: upload (pending vendor too), list, download by the owner only, never under /uploads', async () => {
    const created = await upload(
      pending,
      '/vendor-dashboard/profile/documents',
      PDF,
      'Handelsregister <2026>.pdf',
      'business_registration'
    );
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      name: 'Handelsregister _2026_.pdf',
      kind: 'business_registration',
      mime: 'application/pdf',
      size: PDF.length,
    });
    const id = created.body.data.documentId as string;
    const png = await upload(pending, '/vendor/profile/documents', PNG, 'id.txt');
    expect(png.status).toBe(201);
    expect(png.body.data).toMatchObject({ mime: 'image/png', name: 'id.png', kind: 'other' });

    const list = await get(pending, '/vendor/profile/documents');
    expect(list.status).toBe(200);
    expect(list.body.data.map((d: { documentId: string }) => d.documentId)).toEqual([png.body.data.documentId, id]);
    expect(list.body.meta.pagination).toMatchObject({ total: 2 });

    const download = await get(pending, `/vendor-dashboard/profile/documents/${id}/download`).buffer(true);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['cache-control']).toBe('private, no-store');
    expect(Buffer.from(download.body).equals(PDF)).toBe(true);

    // Stored privately: not in the upload plugin's files, not under public/, no URL serves it.
    const row = await app.strapi.db.connection('vendor_documents').where({ document_id: id }).first();
    expect(row.storage).toBe('local');
    const publicDir = path.join(app.strapi.dirs.static.public);
    // The running app's own private directory (state dir: a temp dir on SQLite, <cwd>/.tmp otherwise).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app's module from dist/
    const { privateDocumentsDir } = require(`${app.strapi.dirs.dist.root}/src/api/vendor-profile/services/vendor-account`);
    const file = path.join(privateDocumentsDir(), row.storage_key);
    expect(fs.readFileSync(file).equals(PDF)).toBe(true);
    expect(file.startsWith(publicDir)).toBe(false);
    expect(await app.strapi.db.query('plugin::upload.file').count({ where: { name: { $contains: 'Handelsregister' } } })).toBe(0);
    for (const url of [
      `/uploads/${row.storage_key}`,
      `/uploads/${id}.pdf`,
      `/uploads/${path.basename(file)}`,
      `/${row.storage_key}`,
    ]) {
      const res = await app.http().get(url);
      expect(res.status).toBe(404);
    }

    // Someone else: 404 for download and delete, an empty list; no token: refused.
    expect((await get(vendor, `/vendor-dashboard/profile/documents/${id}/download`)).status).toBe(404);
    expect(
      (
        await app
          .http()
          .delete(app.api(`/vendor/profile/documents/${id}`))
          .set(vendor.auth)
      ).status
    ).toBe(404);
    expect((await get(vendor, '/vendor/profile/documents')).body.data).toEqual([]);
    expect((await app.http().get(app.api(`/vendor/profile/documents/${id}/download`))).status).toBe(403);
    expect((await get(customer, `/vendor/profile/documents/${id}/download`)).status).toBe(403);

    // The staff download (for the control center) reads any vendor's document.
    const staff = await app.strapi.service('api::vendor-profile.vendor-account').downloadDocument(id);
    expect(staff.vendor).toBe(pending.profile.documentId);
    const chunks: Buffer[] = [];
    for await (const chunk of staff.stream) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).equals(PDF)).toBe(true);

    const removed = await app
      .http()
      .delete(app.api(`/vendor-dashboard/profile/documents/${id}`))
      .set(pending.auth);
    expect(removed.status).toBe(200);
    expect(removed.body.data).toEqual({ documentId: id, deleted: true });
    expect(fs.existsSync(file)).toBe(false);
    expect((await get(pending, `/vendor-dashboard/profile/documents/${id}/download`)).status).toBe(404);
  });

  it('documents: wrong type 400, too large 413, missing file 400, at most 20 per vendor; nothing stored on refusal', async () => {
    const before = Number((await app.strapi.db.connection('vendor_documents').count({ n: '*' }))[0].n);
    const html = await upload(
      vendor,
      '/vendor-dashboard/profile/documents',
      Buffer.from('<html><script>x</script></html>'),
      'x.pdf'
    );
    expect(html.status).toBe(400);
    expect(html.body.error.details).toMatchObject({ reason: 'UNSUPPORTED_FILE_TYPE', errors: [{ path: ['file'] }] });
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    const tooLarge = await upload(vendor, '/vendor-dashboard/profile/documents', big, 'big.pdf');
    expect(tooLarge.status).toBe(413);
    const none = await app.http().post(app.api('/vendor-dashboard/profile/documents')).set(vendor.auth).send({});
    expect(none.status).toBe(400);
    const badKind = await upload(vendor, '/vendor-dashboard/profile/documents', PDF, 'a.pdf', 'passport-scan');
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details.errors[0].path).toEqual(['kind']);
    expect(Number((await app.strapi.db.connection('vendor_documents').count({ n: '*' }))[0].n)).toBe(before);

    for (let i = 0; i < 20; i += 1)
      expect((await upload(vendor, '/vendor/profile/documents', PDF, `d${i}.pdf`)).status).toBe(201);
    const over = await upload(vendor, '/vendor/profile/documents', PDF, 'd21.pdf');
    expect(over.status).toBe(400);
    expect(over.body.error.details.reason).toBe('TOO_MANY_DOCUMENTS');
    const page = await get(vendor, '/vendor/profile/documents?pageSize=5&page=4');
    expect(page.body.meta.pagination).toEqual({ page: 4, pageSize: 5, pageCount: 4, total: 20 });
    expect((await get(vendor, '/vendor/profile/documents?pageSize=500')).status).toBe(400);
  });
});
