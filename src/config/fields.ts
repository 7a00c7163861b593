import * as z from 'zod/mini';

/** zod schemas for environment strings, each with a message that says what is accepted. */

/**
 * Rejects a value from inside `z.transform`: zod/mini's transform context has
 * no `addIssue`, so push the issue classic zod's `ctx.addIssue` would make.
 */
export function reject(ctx: z.core.ParsePayload, message: string): never {
  ctx.issues.push({ code: 'custom', message, input: ctx.value });
  return z.NEVER;
}

export function integer(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.pipe(z.string().check(z.regex(/^\d+$/, message)), z.transform(Number)).check(z.refine((n) => n >= min && n <= max, message));
}

const TRUE = ['true', 'yes', 'on', '1'];
const FALSE = ['false', 'no', 'off', '0'];

export const boolean = z.pipe(
  z
    .pipe(
      z.string(),
      z.transform((value: string) => value.trim().toLowerCase()),
    )
    .check(
      z.refine((value) => TRUE.includes(value) || FALSE.includes(value), 'must be true or false (also accepted: yes/no, on/off, 1/0)'),
    ),
  z.transform((value: string) => TRUE.includes(value)),
);

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

type NumberOf<T> = T extends `${infer N extends number}` ? N : never;

/** One of a few numbers, written as digits: `numberOf(['0', '1', '2'], …)` gives `0 | 1 | 2`. */
export function numberOf<const T extends readonly [`${number}`, ...`${number}`[]]>(values: T, message: string) {
  return z.pipe(
    z.enum(values, { error: message }),
    z.transform((value) => Number(value) as NumberOf<T[number]>),
  );
}

/** `refuseCredentials`: the program would never send a `user:password@` given in this URL, so it is refused rather than ignored. */
export function url(protocols: readonly string[], example: string, options: { refuseCredentials?: string } = {}) {
  return z.pipe(
    z.string(),
    z.transform((value: string, ctx) => {
      let parsed: URL;
      try {
        parsed = new URL(value);
      } catch {
        return reject(ctx, `is not a URL (expected something like ${example})`);
      }
      if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
        return reject(ctx, `must start with ${protocols.map((p) => `${p}://`).join(', ')} (like ${example})`);
      }
      if (parsed.hostname === '') {
        return reject(ctx, `has no host name (expected something like ${example})`);
      }
      if (options.refuseCredentials !== undefined && (parsed.username !== '' || parsed.password !== '')) {
        return reject(ctx, options.refuseCredentials);
      }
      return parsed;
    }),
  );
}
