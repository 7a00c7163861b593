import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inertLine } from '../core/display.js';

/** The built program, beside build/demo.js. */
const CLI = fileURLToPath(new URL('../dist/owm2mqtt.cjs', import.meta.url));

export interface DemoChild {
  readonly name: string;
  /** Resolves with its exit code once it has exited. */
  readonly exited: Promise<number | null>;
  /** Whether it said it is not a command of this build (simulate, aggregate before they are merged). */
  readonly missing: () => boolean;
  stop(): Promise<number | null>;
}

/**
 * `owm2mqtt <command>` as a child process, in `cwd` (no stray .env), with only `env`; its log
 * lines go to our stderr as `[name] line`, made inert.
 */
export function startChild(name: string, command: string, env: Record<string, string>, cwd: string): DemoChild {
  const child: ChildProcess = spawn(process.execPath, [CLI, command], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  let pending = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      said += `${line}\n`;
      if (!/unknown command|Try owm2mqtt --help/.test(line)) process.stderr.write(`${inertLine(`[${name}] ${line}`)}\n`);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name,
    exited,
    missing: () => /unknown command/.test(said),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
