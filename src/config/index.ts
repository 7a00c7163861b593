/** The configuration layer as the rest of the program sees it; the table of settings is src/config/settings.ts. */
export type { Qos } from '../core/message.js';
export { type ConfigResult, loadConfig } from './load.js';
export { maskUrlCredentials, maskUrlPassword } from './mask.js';
export { printedConfig, redactedConfig } from './print.js';
export { defaultClientId } from './readers.js';
export type { Mode } from './row.js';
export type { Config } from './settings.js';
