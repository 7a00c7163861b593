import type { ServerResponse } from 'node:http';

/**
 * Only our own script and style, fetched from us; no inline script or eval; no frames; forms
 * post only to us. `require-trusted-types-for 'script'` makes the browser refuse any string
 * assigned to innerHTML and the like, so text from the broker cannot become markup even by
 * mistake (the page writes text with textContent only).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  // Nothing to other sites; same-origin (not no-referrer) so that our own form posts keep their Origin header.
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/** On every response, errors included. */
export function setSecurityHeaders(response: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
}

/** Data (JSON, the live stream, pages with a message): never kept by a browser or a proxy. */
export const NO_STORE = 'no-store';
/** The page's assets: kept, but asked again each time (answered 304 when unchanged). */
export const REVALIDATE = 'no-cache';
