import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { errors } from '@strapi/utils';
import { normalizePromoCode, PricingError, validateRule, type PricingRule, type Quote } from '../../../../../domain/pricing';
import type { Weekday } from '../../../../../domain/time';
import { isUniqueViolation } from '../../../../../infra/db';
import { conflictError } from '../../../../../infra/http-errors';
import { pageWindow, pagination, type Page, type Pagination } from '../../../../../infra/paginate';
import { appService } from '../../../../../api/app-services';
import { ownedVenue } from '../../../../../api/venue/ownership';
import type { DiscountInput, SpecialRateInput } from './contracts';
import { fieldError } from './common';
import { PROMO_CODES } from './tables';

const RULE = 'api::pricing-rule.pricing-rule';
const VENUE = 'api::venue.venue';

export type RuleKind = 'special_rate' | 'discount';

interface RuleRow {
  id: number;
  documentId: string;
  name: string;
  kind: RuleKind;
  active: boolean | null;
  priority: number | null;
  starts_on: string | null;
  ends_on: string | null;
  weekdays: Weekday[] | null;
  time_from: string | null;
  time_to: string | null;
  price_per_hour: number | string | null;
  multiplier: number | string | null;
  discount_type: 'percent' | 'fixed' | null;
  discount_value: number | string | null;
  promo_code: string | null;
  min_hours: number | string | null;
  max_uses: number | string | null;
  uses: number | string | null;
  venue?: { id: number; documentId: string } | null;
}

const num = (value: unknown): number | null => (value === null || value === undefined || value === '' ? null : Number(value));
const date = (value: string | null): string | null => (value ? String(value).slice(0, 10) : null);

export const ruleView = (row: RuleRow) => ({
  documentId: row.documentId,
  venue: row.venue?.documentId ?? '',
  name: row.name,
  kind: row.kind,
  active: row.active !== false,
  priority: num(row.priority) ?? 0,
  starts_on: date(row.starts_on),
  ends_on: date(row.ends_on),
  weekdays: Array.isArray(row.weekdays) && row.weekdays.length ? row.weekdays : null,
  time_from: row.kind === 'special_rate' ? (row.time_from ?? null) : null,
  time_to: row.kind === 'special_rate' ? (row.time_to ?? null) : null,
  price_per_hour: row.kind === 'special_rate' ? num(row.price_per_hour) : null,
  multiplier: row.kind === 'special_rate' ? num(row.multiplier) : null,
  discount_type: row.kind === 'discount' ? row.discount_type : null,
  discount_value: row.kind === 'discount' ? num(row.discount_value) : null,
  promo_code: row.kind === 'discount' ? (row.promo_code ?? null) : null,
  min_hours: row.kind === 'discount' ? num(row.min_hours) : null,
  max_uses: row.kind === 'discount' ? num(row.max_uses) : null,
  uses: num(row.uses) ?? 0,
});
export type RuleView = ReturnType<typeof ruleView>;

/** The stored columns of a rule in the domain's shape, for validation and previews. */
const toDomainRule = (id: number, kind: RuleKind, r: Record<string, unknown>): PricingRule => ({
  id,
  name: String(r.name ?? ''),
  kind,
  active: r.active !== false,
  priority: num(r.priority) ?? 0,
  startsOn: (r.starts_on as string | null) ?? null,
  endsOn: (r.ends_on as string | null) ?? null,
  weekdays: Array.isArray(r.weekdays) && r.weekdays.length ? (r.weekdays as Weekday[]) : null,
  timeFrom: (r.time_from as string | null) ?? null,
  timeTo: (r.time_to as string | null) ?? null,
  pricePerHour: num(r.price_per_hour),
  multiplier: num(r.multiplier),
  discountType: (r.discount_type as PricingRule['discountType']) ?? null,
  discountValue: num(r.discount_value),
  promoCode: (r.promo_code as string | null) ?? null,
  minHours: num(r.min_hours),
  maxUses: num(r.max_uses),
  uses: num(r.uses) ?? 0,
});

/** Domain validation of a whole rule (after merging a partial update): a 400 naming the rule's problem. */
const assertValidRule = (rule: PricingRule) => {
  try {
    validateRule({ ...rule, active: true });
  } catch (error) {
    if (error instanceof PricingError)
      throw fieldError([rule.kind === 'discount' ? 'discount_value' : 'price_per_hour'], error.message);
    throw error;
  }
};

const SPECIAL_FIELDS = ['time_from', 'time_to', 'price_per_hour', 'multiplier'];
const DISCOUNT_FIELDS = ['discount_type', 'discount_value', 'promo_code', 'min_hours', 'max_uses'];

/**
 * Base rates, special rates and discounts (api::pricing-rule) of the vendor's venues. Precedence is the pricing
 * domain's (src/domain/pricing/index.ts): overlapping rules are allowed. Promo codes are unique per venue,
 * case-insensitively, enforced by a primary key on `vendor_promo_codes(venue_document_id, code)` written in the
 * same transaction as the rule. Writes go through the Document Service, so `pricing.changed` follows each one.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const ownedRule = async (userId: number, documentId: string, kind: RuleKind): Promise<RuleRow> => {
    const row = (await strapi.db.query(RULE).findOne({
      where: { documentId, kind, venue: { vendor: { user: { id: userId } } } },
      populate: { venue: { select: ['id', 'documentId'] } },
    })) as RuleRow | null;
    if (!row) throw new errors.NotFoundError('Pricing rule not found');
    return row;
  };

  const load = async (documentId: string): Promise<RuleView> =>
    ruleView(
      (await strapi.db.query(RULE).findOne({
        where: { documentId },
        populate: { venue: { select: ['id', 'documentId'] } },
      })) as RuleRow
    );

  /** Claims (or releases) a promo code of a venue inside the caller's transaction; a taken code is a 409. */
  const claimCode = async (db: Knex.Transaction, venue: string, rule: string, code: string | null, previous: string | null) => {
    if (previous && previous !== code) await db(PROMO_CODES).where({ venue_document_id: venue, code: previous }).delete();
    if (code && code !== previous) {
      await db(PROMO_CODES).insert({ venue_document_id: venue, code, rule_document_id: rule });
    }
  };

  const codeTaken = (code: string) =>
    conflictError(`The promo code "${code}" is already used by another discount of this venue`, {
      reason: 'PROMO_CODE_TAKEN',
      errors: [{ path: ['promo_code'], message: 'already used by another discount of this venue', name: 'ConflictError' }],
    });

  const write = async (code: string | null, run: (trx: Knex.Transaction) => Promise<string>): Promise<string> => {
    try {
      return await strapi.db.transaction(({ trx }) => run(trx));
    } catch (error) {
      if (isUniqueViolation(error) && code) throw codeTaken(code);
      throw error;
    }
  };

  return {
    async baseRates(userId: number, venue: string) {
      const owned = await ownedVenue(strapi, userId, venue);
      const row = (await strapi.db.query(VENUE).findOne({ where: { id: owned.id }, select: ['price_per_hour', 'currency'] })) as {
        price_per_hour: number | string;
        currency: string;
      };
      return { venue, price_per_hour: Number(row.price_per_hour), currency: row.currency };
    },

    async setBaseRates(userId: number, input: { venue: string; price_per_hour: number; currency?: string }) {
      await ownedVenue(strapi, userId, input.venue);
      const data: Record<string, unknown> = { price_per_hour: input.price_per_hour };
      if (input.currency) data.currency = input.currency;
      await strapi.documents(VENUE).update({ documentId: input.venue, data: data as never });
      return this.baseRates(userId, input.venue);
    },

    async list(
      userId: number,
      kind: RuleKind,
      query: { venue?: string } & Page
    ): Promise<{ data: RuleView[]; pagination: Pagination }> {
      if (query.venue) await ownedVenue(strapi, userId, query.venue);
      const where = {
        kind,
        venue: { vendor: { user: { id: userId } }, ...(query.venue ? { documentId: query.venue } : {}) },
      };
      const { offset, limit } = pageWindow(query);
      const [rows, total] = await Promise.all([
        strapi.db.query(RULE).findMany({
          where,
          populate: { venue: { select: ['id', 'documentId'] } },
          orderBy: [{ priority: 'desc' }, { id: 'asc' }],
          offset,
          limit,
        }),
        strapi.db.query(RULE).count({ where }),
      ]);
      return { data: (rows as RuleRow[]).map(ruleView), pagination: pagination(query, total) };
    },

    async get(userId: number, kind: RuleKind, documentId: string): Promise<RuleView> {
      return ruleView(await ownedRule(userId, documentId, kind));
    },

    async create(
      userId: number,
      kind: RuleKind,
      input: (SpecialRateInput | DiscountInput) & { venue: string }
    ): Promise<RuleView> {
      const venue = await ownedVenue(strapi, userId, input.venue);
      const { venue: _venue, ...fields } = input;
      const data: Record<string, unknown> = { active: true, priority: 0, ...fields, kind, uses: 0 };
      for (const f of kind === 'special_rate' ? DISCOUNT_FIELDS : SPECIAL_FIELDS) data[f] = null;
      if (kind === 'discount') data.promo_code = (data.promo_code as string | null | undefined)?.trim() || null;
      assertValidRule(toDomainRule(0, kind, data));
      const code = kind === 'discount' ? normalizePromoCode(data.promo_code as string | null) : null;
      const documentId = await write((data.promo_code as string) ?? null, async (trx) => {
        const created = await strapi.documents(RULE).create({ data: { ...data, venue: venue.id } as never });
        await claimCode(trx, input.venue, created.documentId, code, null);
        return created.documentId;
      });
      return load(documentId);
    },

    async update(userId: number, kind: RuleKind, documentId: string, input: SpecialRateInput | DiscountInput): Promise<RuleView> {
      const current = await ownedRule(userId, documentId, kind);
      const data: Record<string, unknown> = { ...input };
      if (kind === 'discount' && 'promo_code' in data) data.promo_code = (data.promo_code as string | null)?.trim() || null;
      const merged = { ...(current as unknown as Record<string, unknown>), ...data };
      assertValidRule(toDomainRule(current.id, kind, merged));
      const venue = current.venue?.documentId ?? '';
      const before = kind === 'discount' ? normalizePromoCode(current.promo_code) : null;
      const after = kind === 'discount' ? normalizePromoCode(merged.promo_code as string | null) : null;
      await write((merged.promo_code as string) ?? null, async (trx) => {
        await claimCode(trx, venue, documentId, after, before);
        await strapi.documents(RULE).update({ documentId, data: data as never });
        return documentId;
      });
      return load(documentId);
    },

    async remove(userId: number, kind: RuleKind, documentId: string): Promise<RuleView> {
      const current = await ownedRule(userId, documentId, kind);
      const view = ruleView(current);
      await strapi.db.transaction(async ({ trx }) => {
        await trx(PROMO_CODES).where({ rule_document_id: documentId }).delete();
        await strapi.documents(RULE).delete({ documentId });
      });
      return view;
    },

    /**
     * Prices a window twice through the booking engine's quoting (hours, notice and blocks checked as for a
     * customer): with the venue's saved rules, and with a draft special rate and/or discount added. Saves nothing.
     */
    async preview(
      userId: number,
      input: {
        venue: string;
        start: string;
        end: string;
        promo_code?: string;
        special_rate?: Record<string, unknown>;
        discount?: Record<string, unknown>;
      },
      now = Date.now()
    ): Promise<{ current: Quote; preview: Quote }> {
      await ownedVenue(strapi, userId, input.venue);
      const venue = await appService(strapi, 'api::venue.venue-rules').load(input.venue, { publicOnly: false });
      if (!venue) throw new errors.NotFoundError('Venue not found');
      const drafts: PricingRule[] = [];
      if (input.special_rate) drafts.push(toDomainRule(-1, 'special_rate', { ...input.special_rate, active: true }));
      if (input.discount) drafts.push(toDomainRule(-2, 'discount', { ...input.discount, active: true }));
      drafts.forEach(assertValidRule);
      const engine = appService(strapi, 'api::booking.booking-engine');
      const request = { start: Date.parse(input.start), end: Date.parse(input.end), guests: 1 };
      const code = input.promo_code ?? null;
      const current = await engine.quoteFor(venue, { ...request, promo_code: code }, now).catch((error: unknown) => {
        // A code only the draft discount knows is fine for the preview; the saved rules just ignore it.
        if (error instanceof PricingError && error.code === 'PROMO_CODE_INVALID') return engine.quoteFor(venue, request, now);
        throw error;
      });
      const preview = await engine.quoteFor(
        { ...venue, pricingRules: [...venue.pricingRules, ...drafts] },
        { ...request, promo_code: code },
        now
      );
      return { current, preview };
    },
  };
};
