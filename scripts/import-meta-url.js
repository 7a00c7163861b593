// Injected into the CommonJS bundle: node-cron's ESM build reads import.meta.url at its top level.
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
