import {
  bookingText,
  escapeHtml,
  formatMoney,
  formatWindow,
  relativeDay,
  renderEmail,
  startsIn,
} from '../../src/domain/notifications/messages';

/** Notification texts (pure): money in the currency's precision, times in the venue's zone, safe HTML. */

const facts = {
  reference: 'TOF-ABC',
  venueName: 'Loft',
  timezone: 'Europe/Berlin',
  start: '2026-03-29T08:00:00.000Z', // 10:00 CEST (DST started that night)
  end: '2026-03-29T11:00:00.000Z',
  guests: 1,
  customerName: 'Ada L.',
};

describe('notification texts', () => {
  it('formats money in minor units of the currency', () => {
    expect(formatMoney(33000, 'EUR')).toBe('€330.00');
    expect(formatMoney(5000, 'JPY')).toBe('¥5,000');
    expect(formatMoney(1234, 'XYZ')).toMatch(/12\.34/);
  });

  it("shows times in the venue's zone, across DST and midnight", () => {
    expect(formatWindow(facts.start, facts.end, 'Europe/Berlin')).toBe('Sun 29 Mar 2026, 10:00–13:00 (Europe/Berlin)');
    expect(formatWindow('2026-12-31T21:00:00Z', '2027-01-01T01:00:00Z', 'Asia/Kolkata')).toBe(
      'Fri 1 Jan 2027, 02:30–06:30 (Asia/Kolkata)'
    );
    expect(formatWindow('2026-12-31T21:00:00Z', '2027-01-01T01:00:00Z', 'Europe/Berlin')).toBe(
      'Thu 31 Dec 2026, 22:00–Fri 1 Jan 2027, 02:00 (Europe/Berlin)'
    );
    expect(formatWindow(facts.start, facts.end, 'Not/AZone')).toContain('(UTC)');
  });

  it('says today / tomorrow in the venue zone and how long until the start', () => {
    const now = Date.parse('2026-03-28T12:00:00Z');
    expect(relativeDay(facts.start, 'Europe/Berlin', now)).toBe('tomorrow at 10:00');
    expect(relativeDay(facts.start, 'Europe/Berlin', Date.parse('2026-03-29T05:00:00Z'))).toBe('today at 10:00');
    expect(relativeDay(facts.start, 'Europe/Berlin', Date.parse('2026-03-20T05:00:00Z'))).toBe('on Sun 29 Mar at 10:00');
    expect(startsIn(facts.start, now)).toBe('in about 20 hours');
    expect(startsIn(facts.start, Date.parse(facts.start) - 45 * 60_000)).toBe('in 45 minutes');
  });

  it('builds booking texts for each party', () => {
    expect(bookingText.confirmedForCustomer(facts)).toEqual({
      title: 'Booking confirmed: Loft',
      body: 'Your booking (TOF-ABC) at Loft on Sun 29 Mar 2026, 10:00–13:00 (Europe/Berlin) for 1 guest is confirmed.',
    });
    expect(bookingText.cancelledForVendor({ ...facts, reason: 'Ill' }, 'customer').body).toContain(
      'by the customer. Reason given: "Ill".'
    );
    expect(bookingText.requested({ ...facts, customerName: null }).body).toMatch(/^A customer asks to book Loft/);
  });

  it('renders e-mails with user text escaped in HTML and kept as is in text', () => {
    const mail = renderEmail({ title: 'Hi <there>', body: 'Tom & "Jerry" <script>\n\nline two', recipientName: 'Ada' });
    expect(mail.subject).toBe('Hi <there>');
    expect(mail.text).toContain('Tom & "Jerry" <script>');
    expect(mail.html).toContain('<p>Tom &amp; &quot;Jerry&quot; &lt;script&gt;</p><p>line two</p>');
    expect(mail.html).not.toContain('<script>');
    expect(escapeHtml(`<a href='x'>`)).toBe('&lt;a href=&#39;x&#39;&gt;');
  });
});
