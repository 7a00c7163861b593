/** The bridge's own leaves under `P/<location>/`, beside the quantities. */

export const STATE_LEAF = 'state';
/** When the bridge last fetched and published this location (ISO 8601 UTC). */
export const LAST_SUCCESS_LEAF = 'last_success';
/** How many polls in a row have failed for this location (0 after a success). */
export const ERRORS_LEAF = 'errors';
