import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildDashboardPage } from '../../../scripts/dashboard-page.mjs';

const PAGE = join(process.cwd(), 'src/dashboard/page');
/** The budget for the whole page (HTML, script with uPlot, style), gzipped. */
const BUDGET_BYTES = 150 * 1024;

describe('the page as built', () => {
  it(`weighs at most ${BUDGET_BYTES / 1024} KB gzipped, every asset included`, async () => {
    const files = await buildDashboardPage();
    const gzipped = Object.values(files).reduce((sum, contents) => sum + gzipSync(contents, { level: 9 }).length, 0);
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
    expect(Object.keys(files).sort()).toEqual(['app.css', 'app.js', 'index.html']);
  });

  it('loads nothing from elsewhere and has no inline script or style', async () => {
    const { 'index.html': html, 'app.css': css } = await buildDashboardPage();
    expect(html.toString()).not.toMatch(/https?:\/\//);
    expect(html.toString()).not.toMatch(/<script>|<style|style=|\bon[a-z]+=/i);
    expect(css.toString()).not.toMatch(/url\((?!data:)/);
  });

  it('writes text into the page with textContent only, in every source file', () => {
    for (const file of readdirSync(PAGE).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(join(PAGE, file), 'utf8');
      expect(source, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
    }
  });
});
