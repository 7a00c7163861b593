import cron from 'node-cron';
import * as z from 'zod/mini';
import { topicPrefixProblem } from '../topics/levels.js';
import { reject } from './fields.js';

/** zod schemas for the settings with a format of their own; the generic ones are in fields.ts. */

export const cronExpression = z.pipe(
  z.string(),
  z.transform((value: string, ctx) => {
    const result = cron.validateDetailed(value.trim());
    if (!result.valid) {
      const why = result.errors.map((e) => e.message).join('; ');
      return reject(
        ctx,
        `is not a valid cron expression (${why}); expected 5 fields "minute hour day month weekday" (or 6 with seconds first), like */10 * * * *`,
      );
    }
    return value.trim();
  }),
);

export const languageCode = z.pipe(
  z.string().check(z.regex(/^[a-z]{2}(_[a-z]{2})?$/i, 'must be an OWM language code like en, fr, de, pt_br, zh_cn')),
  z.transform((v: string) => v.toLowerCase()),
);

/** NFC-normalised, like the aliases, so two spellings of one prefix are one topic. */
export function topicPrefix(hint: string) {
  return z.pipe(
    z.string().check(
      z.superRefine((value, ctx) => {
        const problem = topicPrefixProblem(value.normalize('NFC'));
        if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; ${hint}` });
      }),
    ),
    z.transform((value: string) => value.normalize('NFC')),
  );
}

/** `90m`, `1h`, `6h`: a duration in whole minutes or hours, from `min` to `max` minutes; the value is in ms. */
export function minutesOrHours(minMinutes: number, maxMinutes: number) {
  const message = `must be a duration like 30m, 1h or 6h, from ${minMinutes} minutes to ${maxMinutes / 60} hours`;
  return z.pipe(
    z.string(),
    z.transform((value: string, ctx) => {
      const match = /^(\d{1,5})\s*(m|min|h)$/i.exec(value.trim());
      if (!match) return reject(ctx, message);
      const minutes = Number(match[1]) * (match[2]!.toLowerCase() === 'h' ? 60 : 1);
      if (minutes < minMinutes || minutes > maxMinutes) return reject(ctx, message);
      return minutes * 60_000;
    }),
  );
}

/** `3,6,12,24`: whole hours from 1 to `max`, each once, in the order given. */
export function hoursList(max: number) {
  const message = `must be whole hours from 1 to ${max}, separated by commas, each once, like 3,6,12,24`;
  return z.pipe(
    z.string(),
    z.transform((value: string, ctx) => {
      const parts = value.split(',').map((part) => part.trim().replace(/h$/i, ''));
      if (parts.some((part) => !/^\d{1,3}$/.test(part))) return reject(ctx, message);
      const hours = parts.map(Number);
      if (hours.some((n) => n < 1 || n > max) || new Set(hours).size !== hours.length) return reject(ctx, message);
      return hours;
    }),
  );
}
