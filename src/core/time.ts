/** `2026-11-24T07:41:12Z`: ISO 8601 UTC, whole seconds. */
export function isoSeconds(unixSeconds: number): string {
  // toISOString always ends in `.sssZ`.
  return `${new Date(unixSeconds * 1000).toISOString().slice(0, -5)}Z`;
}
