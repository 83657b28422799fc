import type { Core } from '@strapi/strapi';
import { appService } from '../../../../../api/app-services';
import { payments } from '../../../../../api/payments-port';

const dashboardUrl = (strapi: Core.Strapi): string =>
  (process.env.VENDOR_DASHBOARD_URL || (strapi.config.get('server.url') as string) || 'http://localhost:1337').replace(
    /\/+$/,
    ''
  );

/**
 * Stripe Connect onboarding (profile/bank-info). The Express account is created once per vendor (an advisory
 * lock and the table's keys in api::vendor-profile.vendor-account, plus a per-vendor Stripe idempotency key);
 * every call returns a fresh single-use onboarding link. The status shown comes only from `account.updated`
 * webhooks; bank details stay with Stripe.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const accounts = () => appService(strapi, 'api::vendor-profile.vendor-account');

  return {
    status(vendorDocumentId: string) {
      return accounts().connectStatus(vendorDocumentId);
    },

    async onboard(
      vendor: { documentId: string; email: string | null; businessName: string },
      urls: { return_url?: string; refresh_url?: string }
    ) {
      const stripe = payments(strapi).stripe();
      const { accountId } = await accounts().ensureConnectAccount(vendor.documentId, async () => {
        const account = await stripe.accounts.create(
          {
            type: 'express',
            ...(vendor.email ? { email: vendor.email } : {}),
            business_profile: { name: vendor.businessName },
            capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
            metadata: { vendor: vendor.documentId },
          },
          { idempotencyKey: `vendor-connect-account-${vendor.documentId}` }
        );
        return account;
      });
      const base = `${dashboardUrl(strapi)}/vendor/profile/bank-info`;
      const link = await stripe.accountLinks.create({
        account: accountId,
        type: 'account_onboarding',
        return_url: urls.return_url ?? `${base}?onboarding=done`,
        refresh_url: urls.refresh_url ?? `${base}?onboarding=refresh`,
      });
      return {
        ...(await accounts().connectStatus(vendor.documentId)),
        onboarding_url: link.url,
        expires_at: new Date(link.expires_at * 1000).toISOString(),
      };
    },
  };
};
