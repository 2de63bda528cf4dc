'use strict';
// Strapi loads the compiled server entry; `npm install` / `npm test` build it (scripts/build-plugins.mjs).
module.exports = require('./dist/server/index.js').default;
