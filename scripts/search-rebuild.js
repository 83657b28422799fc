'use strict';
/**
 * Rebuilds the search read model (venue_search, venue_search_blocks) from Strapi's tables in one transaction:
 * `npm run search:rebuild`. The writes keep it in step; this is for a restored dump or a changed projection.
 */
const { loadStrapi } = require('./boot');

(async () => {
  process.env.CRON_ENABLED = 'false';
  const { strapi } = await loadStrapi({ logLevel: 'error' });
  try {
    const started = Date.now();
    const { venues, blocks } = await strapi.service('api::venue.search-read-model').rebuild();
    await strapi.db.connection.raw('analyze');
    console.log(`[search] read model rebuilt: ${venues} public venues, ${blocks} blocked periods in ${Date.now() - started} ms`);
  } finally {
    await strapi.destroy();
  }
})().then(
  () => process.exit(0),
  (error) => {
    console.error('[search] rebuild failed:', error);
    process.exit(1);
  }
);
