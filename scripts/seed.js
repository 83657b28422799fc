'use strict';
/**
 * npm run seed — idempotent demo data (amenities, vendors, venues in three time zones, bookings, reviews,
 * a customer and the first admin). Safe to run again; prints progress and the demo logins.
 */
const path = require('node:path');
const { loadStrapi } = require('./boot');

const main = async () => {
  if (process.env.NODE_ENV === 'production' && !process.argv.includes('--force')) {
    console.error('[seed] refusing to load demo data with NODE_ENV=production (pass --force to insist)');
    process.exit(2);
  }
  const started = Date.now();
  console.log('[seed] compiling and loading the app…');
  const { strapi, distDir } = await loadStrapi();
  try {
    const { seedDemoData } = require(path.join(distDir, 'src', 'seed'));
    await seedDemoData(strapi, { log: (message) => console.log(`[seed] ${message}`) });
    console.log(`[seed] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await strapi.destroy();
  }
};

main().then(
  () => process.exit(0),
  (error) => {
    console.error('[seed] failed:', error);
    process.exit(1);
  }
);
