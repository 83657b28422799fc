import type { VendorAction, VenueAction } from './state-machines';

/** Texts of the notifications staff actions send (English only for now, like the other notifications). */
export interface AdminNotificationText {
  title: string;
  body: string;
}

const because = (reason: string | null | undefined) => (reason ? ` Reason: ${reason}` : '');

export const vendorText = (action: VendorAction, businessName: string, reason?: string | null): AdminNotificationText => {
  switch (action) {
    case 'approve':
      return {
        title: 'Your vendor account is approved',
        body: `${businessName} is verified: your approved venues are now listed and bookable.`,
      };
    case 'reject':
      return {
        title: 'Your vendor application was not approved',
        body: `${businessName} could not be verified.${because(reason)}`,
      };
    case 'suspend':
      return {
        title: 'Your vendor account is suspended',
        body: `${businessName} is suspended: your venues are hidden from search and take no new bookings. Confirmed bookings stay as they are.${because(reason)}`,
      };
    case 'reinstate':
      return {
        title: 'Your vendor account is active again',
        body: `${businessName} is reinstated: your approved venues are listed and bookable again.`,
      };
  }
};

/** To a customer with a confirmed booking of a vendor that was just suspended. */
export const bookingOfSuspendedVendorText = (venueName: string): AdminNotificationText => ({
  title: 'About your booking',
  body: `The vendor of ${venueName} has been suspended by the platform. Your confirmed booking stands; contact support if you have questions.`,
});

export const venueText = (action: VenueAction, venueName: string, reason?: string | null): AdminNotificationText => {
  switch (action) {
    case 'approve':
      return { title: 'Your venue is approved', body: `${venueName} is approved and listed.` };
    case 'reject':
      return { title: 'Your venue was not approved', body: `${venueName} was not approved.${because(reason)}` };
    case 'suspend':
      return {
        title: 'Your venue is suspended',
        body: `${venueName} is hidden from search and takes no new bookings.${because(reason)}`,
      };
    case 'feature':
      return { title: 'Your venue is featured', body: `${venueName} now appears in the featured venues.` };
    case 'unfeature':
      return { title: 'Your venue is no longer featured', body: `${venueName} left the featured venues.` };
  }
};

export const accountText = (blocked: boolean, reason?: string | null): AdminNotificationText =>
  blocked
    ? { title: 'Your account is blocked', body: `Your account was blocked by the platform.${because(reason)}` }
    : { title: 'Your account is active again', body: 'Your account was unblocked: you can sign in again.' };

/** The e-mail inviting an approved vendor into the workspace of the admin panel (link = Strapi's registration page). */
export const workspaceInvitationText = (businessName: string, link: string) => {
  const title = 'Your Tofimotia vendor workspace is ready';
  const body =
    `${businessName} is approved. Manage your venues, bookings and figures in the vendor workspace: ` +
    `choose a password through the link below, then sign in with this e-mail address.`;
  const escape = (value: string) =>
    value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
  return {
    subject: title,
    text: `Hello,\n\n${body}\n\n${link}\n\nThe link works once. — Tofimotia`,
    html:
      `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5"><p>Hello,</p><p>${escape(body)}</p>` +
      `<p><a href="${escape(link)}">${escape(link)}</a></p><p>The link works once. — Tofimotia</p></body></html>`,
  };
};
