/**
 * Every relative link in README.md and docs/*.md reaches an existing file, and every `#anchor` a
 * heading of the page it names, by GitHub's rules; and the README links to every docs page.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);
const PAGES = ['README.md', ...DOCS];

/** The page without fenced code blocks, where `[x](y)` is text, not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's anchor for a heading (github-slugger): the rendered text, lower case, punctuation dropped, spaces to `-`. */
function slug(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim();
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor of a page; a repeated heading gets `-1`, `-2`… as on GitHub. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const base = slug(heading!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** The targets of the page's inline links, outside code; external ones (a scheme, `//`) left out. */
function relativeLinks(markdown: string): string[] {
  const text = prose(markdown).replace(/`[^`\n]*`/g, 'code');
  return [...text.matchAll(/\]\(<?([^)\s>]+)>?(?: "[^"]*")?\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(target));
}

const read = (page: string) => readFileSync(join(ROOT, page), 'utf8');

describe.each(PAGES)('%s', (page) => {
  const links = relativeLinks(read(page));

  it.each(links.length > 0 ? links : ['(no relative link)'])('%s resolves', (link) => {
    if (link === '(no relative link)') return;
    const [path, anchor] = link.split('#') as [string, string | undefined];
    const target = path === '' ? page : relative(ROOT, join(ROOT, dirname(page), decodeURIComponent(path)));
    expect(existsSync(join(ROOT, target)), `${page}: ${link}: no file ${target}`).toBe(true);
    if (anchor !== undefined) {
      expect(target.endsWith('.md'), `${page}: ${link}: an anchor into a file that is not markdown`).toBe(true);
      expect([...anchors(read(target))], `${page}: ${link}: no heading "#${anchor}" in ${target}`).toContain(anchor);
    }
  });
});

it('the README links to every docs page', () => {
  const linked = new Set(relativeLinks(read('README.md')).map((link) => link.split('#')[0]));
  expect(DOCS.filter((page) => !linked.has(page))).toEqual([]);
  expect(DOCS.length).toBeGreaterThanOrEqual(11);
});

describe('GitHub anchors', () => {
  it.each([
    ['Node.js 20.19 or later', 'nodejs-2019-or-later'],
    ['`--print-config` and `--dry-run`', '--print-config-and---dry-run'],
    ['`P/L/last_success` and `P/L/errors`', 'pllast_success-and-plerrors'],
    ['Running as a service (systemd)', 'running-as-a-service-systemd'],
    ['Clock changes, DST, late polls, SIGHUP', 'clock-changes-dst-late-polls-sighup'],
    ['`.env` and `--env-file`', 'env-and---env-file'],
    ['Bad configuration: what you will see', 'bad-configuration-what-you-will-see'],
    ['Tests (`test/`)', 'tests-test'],
    ['A [linked](other.md) heading', 'a-linked-heading'],
  ])('%s → #%s', (heading, anchor) => {
    expect(slug(heading)).toBe(anchor);
  });

  it('numbers a repeated heading, and ignores headings inside code', () => {
    expect([...anchors('# Daemon\n## Daemon\n```sh\n# Daemon comment\n```\n### Daemon\n')]).toEqual(['daemon', 'daemon-1', 'daemon-2']);
  });

  it('finds links in prose and tables, not in code, and leaves external ones out', () => {
    const page =
      '[a](docs/x.md) | [b](#y) |\n`[c](z.md)`\n```\n[d](w.md)\n```\n[e](https://example.org) <https://example.org> [f](mailto:x@y)\n';
    expect(relativeLinks(page)).toEqual(['docs/x.md', '#y']);
  });
});
