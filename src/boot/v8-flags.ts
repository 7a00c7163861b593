import { setFlagsFromString } from 'node:v8';

// Imported first by bin.ts, before undici loads: undici's HTTP parser is WebAssembly, and V8's
// optimising compiler (TurboFan) spends more time and memory on it at start-up than a few
// requests every ten minutes ever win back. Liftoff, the baseline compiler, is enough.
setFlagsFromString('--liftoff-only');
