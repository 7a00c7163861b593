import { parseArgs } from 'node:util';

// Run by bin.ts before src/boot/v8-flags.ts sets V8's flags. Node's built-in modules come with code V8
// compiled ahead, which it takes only under the flags it was made with: a built-in first loaded
// after the change is compiled from its source instead. These are the ones every run loads.
for (const name of ['node:diagnostics_channel', 'node:net', 'node:os', 'node:vm']) process.getBuiltinModule(name);
// node:util's parseArgs is a lazy getter: reading it loads its module now, under the default flags.
if (typeof parseArgs !== 'function') throw new Error('node:util has no parseArgs');
