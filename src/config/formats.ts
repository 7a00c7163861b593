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
