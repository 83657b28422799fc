import fs from 'node:fs';
import path from 'node:path';
import { startApp, type TestApp } from '../harness/app';
import { startS3 } from '../harness/s3';
import { appDir } from '../harness/test-env';

/** With S3_* set, media goes to the S3-compatible server (endpoint + path-style), not to public/uploads. */
let s3: Awaited<ReturnType<typeof startS3>>;
let app: TestApp;

beforeAll(async () => {
  s3 = await startS3();
  app = await startApp({ env: s3.env });
});
afterAll(async () => {
  await app.stop();
  await s3.stop();
});

describe('S3 uploads', () => {
  it('stores a document byte-for-byte', async () => {
    const filepath = path.join(s3.directory, 'terms.pdf');
    const content = Buffer.from('%PDF-1.4\n% Tofimotia test document\n' + 'x'.repeat(70_000) + '\n%%EOF\n');
    fs.writeFileSync(filepath, content);
    const [file] = await app.strapi
      .plugin('upload')
      .service('upload')
      .upload({
        data: { fileInfo: { name: 'terms.pdf' } },
        files: { filepath, originalFilename: 'terms.pdf', mimetype: 'application/pdf', size: content.length },
      });
    const res = await fetch(file.url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
  });

  it('stores an image in the bucket, serves it, and deletes it', async () => {
    const filepath = path.join(appDir, 'src', 'seed', 'images', 'hall.png');
    const original = fs.readFileSync(filepath);
    const [file] = await app.strapi
      .plugin('upload')
      .service('upload')
      .upload({
        data: { fileInfo: { name: 's3-hall.png', alternativeText: 'hall' } },
        files: { filepath, originalFilename: 's3-hall.png', mimetype: 'image/png', size: original.length },
      });
    expect(file.provider).toBe('aws-s3');
    expect(file.url).toMatch(new RegExp(`^${s3.endpoint}/${s3.bucket}/`));

    const res = await fetch(file.url);
    expect(res.status).toBe(200);
    // Identical bytes: no aws-chunked framing stored inside the object.
    const body = Buffer.from(await res.arrayBuffer());
    // A valid PNG (Strapi re-encodes images to optimise them) with no aws-chunked framing inside.
    expect(body.subarray(0, 8).equals(original.subarray(0, 8))).toBe(true);
    expect(body.toString('latin1')).not.toContain('chunk-signature');
    expect(fs.existsSync(path.join(appDir, 'public', 'uploads', file.hash + file.ext))).toBe(false);

    await app.strapi.plugin('upload').service('upload').remove(file);
    expect((await fetch(file.url)).status).toBe(404);
  });
});
