import { z } from 'zod';

/** zod schemas for environment strings, each with a message that says what is accepted. */

export function integer(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`);
}

const TRUE = ['true', 'yes', 'on', '1'];
const FALSE = ['false', 'no', 'off', '0'];

export const boolean = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .refine((value) => TRUE.includes(value) || FALSE.includes(value), 'must be true or false (also accepted: yes/no, on/off, 1/0)')
  .transform((value) => TRUE.includes(value));

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

export function url(protocols: readonly string[], example: string) {
  return z.string().transform((value, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `is not a URL (expected something like ${example})` });
      return z.NEVER;
    }
    if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
      ctx.addIssue({ code: 'custom', message: `must start with ${protocols.map((p) => `${p}://`).join(', ')} (like ${example})` });
      return z.NEVER;
    }
    if (parsed.hostname === '') {
      ctx.addIssue({ code: 'custom', message: `has no host name (expected something like ${example})` });
      return z.NEVER;
    }
    return parsed;
  });
}
