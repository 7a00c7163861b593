// An esbuild plugin that makes a few of our dependencies load Node built-ins only when they are
// used, not when the bundle starts. Each built-in below costs a cold start 1.5-5 ms on this
// machine (more on a Pi) and none is used by a normal run:
//   http2           undici's HTTP/2 client (we never enable allowH2)
//   http            undici's default header size limit (we pass ours) and its check for a
//                   node:http IncomingMessage when destroying a body
//   crypto          dotenv's decryption of encrypted .env.vault files; node-cron's task ids
//   child_process   node-cron's background tasks (a task given as a file path)
//   perf_hooks      lru-cache, which mqtt.js needs only for MQTT 5 topic aliases
//   assert          undici's internal assert(value) checks: node:assert loads only if one fails
// Each patch names the exact text it replaces; if a dependency update changes that text the
// build fails here, so a patch can never silently stop applying (or apply to the wrong code).
import { readFile } from 'node:fs/promises';

const PATCHES = [
  {
    file: 'undici/lib/dispatcher/client.js',
    replace: [
      ["const connectH2 = require('./client-h2.js')", "const connectH2 = (client, socket) => require('./client-h2.js')(client, socket)"],
      ["const http = require('node:http')\n", ''],
      [
        "const getDefaultNodeMaxHeaderSize = http &&\n  http.maxHeaderSize &&\n  Number.isInteger(http.maxHeaderSize) &&\n  http.maxHeaderSize > 0\n  ? () => http.maxHeaderSize\n  : () => { throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid') }",
        "const getDefaultNodeMaxHeaderSize = () => {\n  const { maxHeaderSize } = require('node:http')\n  if (Number.isInteger(maxHeaderSize) && maxHeaderSize > 0) return maxHeaderSize\n  throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid')\n}",
      ],
    ],
  },
  {
    file: 'undici/lib/core/util.js',
    replace: [
      ["const { IncomingMessage } = require('node:http')\n", ''],
      [
        'if (Object.getPrototypeOf(stream).constructor === IncomingMessage) {',
        "if (Object.getPrototypeOf(stream).constructor.name === 'IncomingMessage' && Object.getPrototypeOf(stream).constructor === require('node:http').IncomingMessage) {",
      ],
    ],
  },
  {
    file: 'dotenv/lib/main.js',
    replace: [
      ["const crypto = require('crypto')", "const crypto = { createDecipheriv: (...args) => require('crypto').createDecipheriv(...args) }"],
    ],
  },
  {
    file: 'node-cron/dist/node-cron.js',
    replace: [
      ["import { fork } from 'child_process';", "const fork = (...args) => require('child_process').fork(...args);"],
      ["import 'node:crypto';\n", ''],
    ],
  },
  {
    file: 'node-cron/dist/_shared.js',
    replace: [["import { randomUUID } from 'node:crypto';", "const randomUUID = () => require('node:crypto').randomUUID();"]],
  },
  {
    file: 'mqtt/build/lib/topic-alias-send.js',
    replace: [
      ['const lru_cache_1 = require("lru-cache");', 'const lru_cache_1 = { get LRUCache() { return require("lru-cache").LRUCache; } };'],
    ],
  },
];

export const lazyRequires = {
  name: 'lazy-requires',
  setup(build) {
    const applied = new Set();
    build.onResolve({ filter: /^(node:)?assert$/ }, (args) =>
      /node_modules\/undici\//.test(args.importer) ? { path: 'assert', namespace: 'lazy-assert' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-assert' }, () => ({
      contents: "module.exports = function assert (value, message) { if (!value) require('node:assert')(value, message) }",
      loader: 'js',
    }));
    const filter = new RegExp(`node_modules/(${PATCHES.map((p) => p.file.replace(/[.]/g, '\\.')).join('|')})$`);
    build.onLoad({ filter }, async (args) => {
      const patch = PATCHES.find((p) => args.path.endsWith(`node_modules/${p.file}`));
      let contents = await readFile(args.path, 'utf8');
      for (const [from, to] of patch.replace) {
        if (contents.split(from).length !== 2)
          throw new Error(
            `lazy-requires: "${from}" is not in ${patch.file} exactly once: update scripts/lazy-requires.mjs for this version`,
          );
        contents = contents.replace(from, () => to);
      }
      applied.add(patch.file);
      return { contents, loader: 'js' };
    });
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const missed = PATCHES.filter((p) => !applied.has(p.file)).map((p) => p.file);
      if (missed.length > 0) throw new Error(`lazy-requires: not bundled any more: ${missed.join(', ')}`);
    });
  },
};
