// Bundles src/bin.ts into one ESM file: a single entry loads faster than hundreds of modules on an SD card.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['src/bin.ts'],
  outfile: 'dist/owm2mqtt.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  splitting: false,
  minifyWhitespace: false,
  legalComments: 'none',
  define: { __OWM2MQTT_VERSION__: JSON.stringify(version) },
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// The demo (with its in-process broker) is not part of the package: it goes to build/.
await build({
  entryPoints: ['src/demo/demo.ts'],
  outfile: 'build/demo.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  legalComments: 'none',
  define: { __OWM2MQTT_VERSION__: JSON.stringify(version) },
  banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});

// npm run bench's scenario 2: the real Daemon driven back to back, in a process of its own.
if (process.argv.includes('--bench')) {
  await build({
    entryPoints: ['bench/daemon.ts'],
    outfile: 'build/bench-daemon.js',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    legalComments: 'none',
    define: { __OWM2MQTT_VERSION__: JSON.stringify(version) },
    banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}
