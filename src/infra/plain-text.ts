import sanitizeHtml from 'sanitize-html';

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };
const TAG_LIKE = /<[a-zA-Z!/?]/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

const stripOnce = (value: string): string =>
  sanitizeHtml(value, { allowedTags: [], allowedAttributes: {}, disallowedTagsMode: 'discard' }).replace(
    /&(lt|gt|quot|#39|amp);/g,
    (entity) => ENTITIES[entity]
  );

/**
 * User-written text (names, notes, reasons, bios, reviews, messages) is stored and returned as plain
 * text: tags are dropped (script/style with their content) and entities decoded, so "a < b & c" stays
 * readable. Decoding can reveal a tag that was entity-encoded ("&lt;script&gt;"), so stripping repeats
 * until no tag-like sequence is left: the stored text never contains markup, whoever renders it.
 * Control characters go too; line breaks are normalised to \n.
 */
export const plainText = (value: string): string => {
  let text = value.replace(CONTROL_CHARS, '').replace(/\r\n?/g, '\n');
  for (let pass = 0; pass < 5; pass += 1) {
    text = stripOnce(text);
    if (!TAG_LIKE.test(text)) break;
  }
  return TAG_LIKE.test(text) ? text.replace(/</g, '‹') : text.trim();
};

export const optionalPlainText = (value: string | null | undefined): string | null | undefined =>
  typeof value === 'string' ? plainText(value) : value;
