'use strict';

/**
 * vendor_connect_accounts  one Stripe Connect account per vendor profile (unique both ways), with the status the
 *                          last `account.updated` webhook reported (stripe_updated_s: that event's time, so an
 *                          older event delivered late never overwrites a newer status). Bank details are never
 *                          stored: Stripe keeps them.
 * vendor_documents         private verification files of vendors. The bytes live outside public uploads (a private
 *                          directory under the app's state dir, or a private S3 prefix); this row knows where.
 */
async function up(knex) {
  if (!(await knex.schema.hasTable('vendor_connect_accounts'))) {
    await knex.schema.createTable('vendor_connect_accounts', (t) => {
      t.string('vendor_document_id', 64).primary();
      t.string('stripe_account_id', 255).notNullable().unique('vendor_connect_accounts_account_uq');
      t.boolean('charges_enabled').notNullable().defaultTo(false);
      t.boolean('payouts_enabled').notNullable().defaultTo(false);
      t.boolean('details_submitted').notNullable().defaultTo(false);
      t.text('requirements_due').notNullable().defaultTo('[]');
      t.string('disabled_reason', 255).nullable();
      t.bigInteger('stripe_updated_s').nullable();
      t.bigInteger('created_at_ms').notNullable();
      t.bigInteger('updated_at_ms').notNullable();
    });
  }
  if (!(await knex.schema.hasTable('vendor_documents'))) {
    await knex.schema.createTable('vendor_documents', (t) => {
      t.increments('id');
      t.string('document_id', 64).notNullable().unique('vendor_documents_document_uq');
      t.string('vendor_document_id', 64).notNullable();
      t.string('name', 255).notNullable();
      t.string('kind', 40).notNullable();
      t.string('mime', 64).notNullable();
      t.integer('size').notNullable();
      t.string('sha256', 64).notNullable();
      t.string('storage', 16).notNullable();
      t.string('storage_key', 512).notNullable();
      t.bigInteger('created_at_ms').notNullable();
      t.index(['vendor_document_id', 'created_at_ms'], 'vendor_documents_vendor_idx');
    });
  }
}

async function down() {
  throw new Error('vendor_connect_accounts and vendor_documents hold vendor data; drop them by hand if you really mean it');
}

module.exports = { up, down };
