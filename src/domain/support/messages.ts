/** Text of support-ticket notifications beyond the generic "ticket updated" (src/domain/notifications/messages.ts). */
const MAX_QUOTE = 200;

/** "Support replied: "…"", the first 200 characters of the reply on one line. */
export const ticketReplySummary = (body: string): string => {
  const line = body.replace(/\s+/g, ' ').trim();
  return `Support replied: "${line.length > MAX_QUOTE ? `${line.slice(0, MAX_QUOTE - 1)}…` : line}"`;
};
