import { readFileSync } from 'node:fs';

export type SecretResult = { ok: true; value: string | undefined; source: string | undefined } | { ok: false; problem: string };

/**
 * A secret given directly (`NAME`) or in a file (`NAME_FILE`, for systemd
 * credentials and docker secrets). One trailing newline in the file is ignored.
 * Messages never contain the secret itself.
 */
export function readSecret(env: Record<string, string | undefined>, name: string): SecretResult {
  const direct = nonEmpty(env[name]);
  const file = nonEmpty(env[`${name}_FILE`]);
  if (direct !== undefined && file !== undefined) {
    return { ok: false, problem: `${name} and ${name}_FILE are both set: keep only one` };
  }
  if (file === undefined) return { ok: true, value: direct, source: direct === undefined ? undefined : name };
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable by this user' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'unknown error'})`;
    return { ok: false, problem: `${name}_FILE: the file "${file}" ${reason}` };
  }
  const value = content.replace(/\r?\n$/, '');
  if (value.trim().length === 0) return { ok: false, problem: `${name}_FILE: the file "${file}" is empty` };
  return { ok: true, value, source: `${name}_FILE (${file})` };
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
