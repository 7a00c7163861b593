import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { readSettingFile } from './files.js';

export type SecretResult =
  | { ok: true; value: string; source: string }
  | { ok: true; value: undefined; source: undefined }
  | { ok: false; problem: string };

/**
 * A secret given directly (`NAME`), in a file (`NAME_FILE`, for docker secrets),
 * or as a systemd credential: with `LoadCredential=<credential>:…` systemd sets
 * `$CREDENTIALS_DIRECTORY`, where the file `<credential>` is found without any
 * setting, and where a relative `NAME_FILE` is resolved. One trailing newline in
 * a file is ignored. Messages never contain the secret itself.
 */
export function readSecret(env: Record<string, string | undefined>, name: string, credential?: string): SecretResult {
  const direct = nonEmpty(env[name]);
  let file = nonEmpty(env[`${name}_FILE`]);
  if (direct !== undefined && file !== undefined) {
    return { ok: false, problem: `${name} and ${name}_FILE are both set: keep only one` };
  }
  if (direct !== undefined) return { ok: true, value: direct, source: name };
  const credentials = nonEmpty(env.CREDENTIALS_DIRECTORY);
  let variable = `${name}_FILE`;
  if (file !== undefined && credentials !== undefined && !isAbsolute(file)) file = join(credentials, file);
  if (file === undefined && credentials !== undefined && credential !== undefined && existsSync(join(credentials, credential))) {
    file = join(credentials, credential);
    variable = `$CREDENTIALS_DIRECTORY/${credential}`;
  }
  if (file === undefined) return { ok: true, value: undefined, source: undefined };
  const read = readSettingFile(variable, file);
  if (!read.ok) return read;
  const value = read.data.toString('utf8').replace(/\r?\n$/, '');
  if (value.trim().length === 0) return { ok: false, problem: `${variable}: the file "${file}" is empty` };
  return { ok: true, value, source: variable === `${name}_FILE` ? `${name}_FILE (${file})` : variable };
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
