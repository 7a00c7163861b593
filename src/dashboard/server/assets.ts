import { codeOf } from '../../core/errors.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The page's files (scripts/dashboard-page.mjs builds them), by the path they are served at. */
export const PAGE_FILES: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

export interface Asset {
  readonly type: string;
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly etag: string;
}

/** Read once at start, gzipped once: a Pi serves them from memory. */
export function loadAssets(directory: string): ReadonlyMap<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [path, { file, type }] of Object.entries(PAGE_FILES)) {
    let body: Buffer;
    try {
      body = readFileSync(join(directory, file));
    } catch (error) {
      const code = codeOf(error) ?? 'unreadable';
      throw new Error(`the dashboard page is missing: cannot read ${join(directory, file)} (${code}); run npm run build`);
    }
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    assets.set(path, { type, body, gzip: gzipSync(body, { level: 9 }), etag });
  }
  return assets;
}

/** dist/dashboard/, next to the bundle that runs this (in the bundle, import.meta.url is the bundle's own). */
export function shippedAssetsDirectory(): string {
  return fileURLToPath(new URL('dashboard/', import.meta.url));
}
