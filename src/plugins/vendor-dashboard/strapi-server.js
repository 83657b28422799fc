'use strict';
// The plugin's TypeScript compiles with the app (tsconfig includes src/**); Strapi loads this entry.
module.exports = require('../../../dist/src/plugins/vendor-dashboard/server/src').default;
