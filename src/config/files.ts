import { readFileSync } from 'node:fs';
import { codeOf } from '../core/errors.js';

export type FileResult = { ok: true; data: Buffer } | { ok: false; problem: string };

/** Reads a file a setting names; the problem names the variable, the path and what is wrong. */
export function readSettingFile(variable: string, path: string): FileResult {
  try {
    const data = readFileSync(path);
    if (data.length === 0) return { ok: false, problem: `${variable}: the file "${path}" is empty` };
    return { ok: true, data };
  } catch (error) {
    const code = codeOf(error);
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES'
          ? 'is not readable by this user'
          : code === 'EISDIR'
            ? 'is a directory'
            : `cannot be read (${code ?? 'unknown error'})`;
    return { ok: false, problem: `${variable}: the file "${path}" ${reason}` };
  }
}
