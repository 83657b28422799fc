import { startApp, type TestApp } from '../harness/app';
import { createApiToken, createStaff, type ApiToken, type Staff } from '../harness/staff';
import { createVendor, type TestUser, type TestVendor } from '../harness/users';

jest.setTimeout(300_000);

/**
 * Staff download of vendors' private verification documents (both run modes): the vendor detail lists them with
 * download paths; admins holding `vendors` and API tokens with the scope get the bytes with the stored type and an
 * attachment disposition; another vendor's or an unknown document is a 404; staff of other areas, read-only
 * tokens and vendors are refused (403).
 */
let app: TestApp;
let token: ApiToken;
let manager: Staff;
let vendor: TestVendor;
let other: TestVendor;
let pdfId: string;
let pngId: string;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

const upload = async (user: TestUser, content: Buffer, filename: string, kind: string) => {
  const res = await app
    .http()
    .post(app.api('/vendor-dashboard/profile/documents'))
    .set(user.auth)
    .attach('file', content, { filename, contentType: 'application/octet-stream' })
    .field('kind', kind);
  expect(res.status).toBe(201);
  return res.body.data.documentId as string;
};
const adminDownload = (vendorId: string, documentId: string) =>
  `/control-center/vendors/${vendorId}/documents/${documentId}/download`;
const apiDownload = (vendorId: string, documentId: string, tree = 'admin') =>
  app.api(`/${tree}/management/vendors/${vendorId}/documents/${documentId}/download`);
const binary = (req: ReturnType<ReturnType<TestApp['http']>['get']>) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

beforeAll(async () => {
  app = await startApp();
  token = await createApiToken(app, 'full-access');
  manager = await createStaff(app, 'platformManager');
  vendor = await createVendor(app, { status: 'pending' });
  other = await createVendor(app);
  pdfId = await upload(vendor, PDF, 'Trade register "2026".pdf', 'business_registration');
  pngId = await upload(vendor, PNG, 'passport.png', 'identity');
}, 600_000);
afterAll(async () => {
  await app?.stop();
});

it('the vendor detail lists the private documents with staff download paths', async () => {
  const res = await app
    .http()
    .get(app.api(`/admin/management/vendors/${vendor.profile.documentId}`))
    .set(token.auth);
  expect(res.status).toBe(200);
  const docs = res.body.data.verification_documents as Record<string, unknown>[];
  expect(docs.map((d) => d.documentId).sort()).toEqual([pdfId, pngId].sort());
  const pdf = docs.find((d) => d.documentId === pdfId);
  expect(pdf).toMatchObject({
    kind: 'business_registration',
    mime: 'application/pdf',
    size: PDF.length,
    download_path: adminDownload(vendor.profile.documentId, pdfId),
    api_download_path: `/api/v1/admin/management/vendors/${vendor.profile.documentId}/documents/${pdfId}/download`,
  });
  const admin = await app.http().get(`/control-center/vendors/${vendor.profile.documentId}`).set(manager.auth);
  expect(admin.status).toBe(200);
  expect(admin.body.data.verification_documents).toHaveLength(2);
});

it('an admin with the vendors area downloads the bytes with type and attachment name', async () => {
  const res = await binary(app.http().get(adminDownload(vendor.profile.documentId, pdfId)).set(manager.auth));
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="Trade register _2026_\.pdf"$/);
  expect(res.headers['cache-control']).toBe('private, no-store');
  expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0);
});

it('API tokens: full access and a custom token with the scope download; both trees', async () => {
  const full = await binary(app.http().get(apiDownload(vendor.profile.documentId, pngId)).set(token.auth));
  expect(full.status).toBe(200);
  expect(full.headers['content-type']).toBe('image/png');
  expect(full.headers['content-disposition']).toBe('attachment; filename="passport.png"');
  expect(Buffer.compare(full.body as Buffer, PNG)).toBe(0);

  const custom = await createApiToken(app, 'custom', ['plugin::control-center.vendor-documents.download']);
  const second = await binary(
    app
      .http()
      .get(apiDownload(vendor.profile.documentId, pdfId, 'admin-dashboard'))
      .set(custom.auth)
  );
  expect(second.status).toBe(200);
  expect(Buffer.compare(second.body as Buffer, PDF)).toBe(0);
});

it('404 for unknown ids and for a document under another vendor', async () => {
  expect((await app.http().get(adminDownload(vendor.profile.documentId, 'nosuchdocument')).set(manager.auth)).status).toBe(404);
  expect((await app.http().get(apiDownload('nosuchvendor', pdfId)).set(token.auth)).status).toBe(404);
  const crossed = await app.http().get(apiDownload(other.profile.documentId, pdfId)).set(token.auth);
  expect(crossed.status).toBe(404);
  expect(crossed.body.error).toMatchObject({ name: 'NotFoundError' });
  expect((await app.http().get(adminDownload(vendor.profile.documentId, 'bad id!')).set(manager.auth)).status).toBe(400);
});

it('refused: staff without the vendors area, read-only tokens, vendors, anonymous', async () => {
  const moderator = await createStaff(app, 'moderator');
  const support = await createStaff(app, 'support');
  expect((await app.http().get(adminDownload(vendor.profile.documentId, pdfId)).set(moderator.auth)).status).toBe(403);
  expect((await app.http().get(adminDownload(vendor.profile.documentId, pdfId)).set(support.auth)).status).toBe(403);
  const readOnly = await createApiToken(app, 'read-only');
  expect((await app.http().get(apiDownload(vendor.profile.documentId, pdfId)).set(readOnly.auth)).status).toBe(403);
  expect((await app.http().get(apiDownload(vendor.profile.documentId, pdfId)).set(vendor.auth)).status).toBe(403);
  expect([401, 403]).toContain((await app.http().get(apiDownload(vendor.profile.documentId, pdfId))).status);
  expect([401, 403]).toContain((await app.http().get(adminDownload(vendor.profile.documentId, pdfId))).status);
});
