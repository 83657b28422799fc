'use strict';

/**
 * One review per booking, one report per user and target: unique indexes (see ../review-indexes.js). On a fresh
 * database the tables do not exist yet at migration time; the boot check (src/bootstrap/review-indexes.ts) adds
 * the indexes after Strapi's schema sync.
 */
const { ensureReviewIndexes } = require('../review-indexes');

async function up(knex) {
  await ensureReviewIndexes(knex);
}

async function down() {
  throw new Error('the review and report unique indexes guard data rules; drop them by hand if you really mean it');
}

module.exports = { up, down };
