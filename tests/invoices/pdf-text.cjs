'use strict';

/**
 * Prints the text of the PDF read from stdin (pdf-parse, i.e. Mozilla's PDF.js). Run in a child process:
 * PDF.js loads its worker with a dynamic import, which Jest's module runtime does not support.
 */
const { PDFParse } = require('pdf-parse');

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', async () => {
  try {
    const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
    const result = await parser.getText();
    const info = await parser.getInfo();
    await parser.destroy();
    process.stdout.write(JSON.stringify({ text: result.text, pages: result.total, title: info.info?.Title ?? null }));
  } catch (error) {
    process.stderr.write(String(error && error.stack ? error.stack : error));
    process.exit(1);
  }
});
