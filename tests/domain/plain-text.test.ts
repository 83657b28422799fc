import { plainText } from '../../src/infra/plain-text';

describe('plainText', () => {
  it.each([
    ['<script>alert(1)</script>Hi', 'Hi'],
    ['<img src=x onerror=alert(1)>Bob', 'Bob'],
    ['<b>bold</b> text', 'bold text'],
    ['a < b & c > d', 'a < b & c > d'],
    ['Tom &amp; Jerry', 'Tom & Jerry'],
    ['&lt;script&gt;alert(1)&lt;/script&gt;ok', 'ok'],
    // Double-encoded markup decodes one level only: what remains is inert text, even if rendered as HTML.
    ['&amp;lt;img src=x onerror=alert(1)&amp;gt;', '&lt;img src=x onerror=alert(1)&gt;'],
    ['<a href="javascript:alert(1)">click</a>', 'click'],
    ['  spaced  ', 'spaced'],
    ['Café «Zürich» — 10 € 😀', 'Café «Zürich» — 10 € 😀'],
  ])('%j → %j', (input, expected) => {
    expect(plainText(input)).toBe(expected);
  });

  it('never returns anything tag-like', () => {
    for (const input of ['<<script>script>x', '&lt;&lt;b&gt;b&gt;', '<svg/onload=alert(1)>', '<!-- c -->x', '<?xml?>y']) {
      expect(plainText(input)).not.toMatch(/<[a-zA-Z!/?]/);
    }
  });
});
