import { setFlagsFromString } from 'node:v8';

// Imported first by bin.ts, before undici loads: undici's HTTP parser is WebAssembly, and V8's
// optimising compiler (TurboFan) spends more time and memory on it at start-up than a few
// requests every ten minutes ever win back. Liftoff, the baseline compiler, is enough.
setFlagsFromString('--liftoff-only');
// V8 checks a code cache's checksum only when told to: a cache damaged on disk (an SD card, a power
// cut) would otherwise crash every start with a segmentation fault. Costs 0.2 ms for 700 KB.
setFlagsFromString('--verify-snapshot-checksum');
