import { existsSync } from 'node:fs';
import { loadEnvFile } from './env-file.js';

/**
 * Adds the variables of `--env-file PATH`, else of `./.env` if there is one, to `env`; those
 * already in `env` win, as with systemd's EnvironmentFile=. Returns the problem, if any.
 */
export function applyEnvFile(envFile: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (envFile !== undefined && !existsSync(envFile)) return `--env-file: the file "${envFile}" does not exist`;
  // Stryker disable next-line StringLiteral: reading ./.env is tested through the command (test/e2e/exit-codes.test.ts): a unit test cannot change directory.
  const path = envFile ?? '.env';
  if (!existsSync(path)) return undefined;
  const loaded = loadEnvFile(path);
  if (!loaded.ok) return loaded.message;
  for (const [name, value] of Object.entries(loaded.variables)) if (!Object.hasOwn(env, name)) env[name] = value;
  return undefined;
}
