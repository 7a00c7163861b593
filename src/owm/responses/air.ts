import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// Problems quote zod's own messages ("Too big: expected number to be <=5"), and zod/mini loads no locale.
z.config(en());

/**
 * The body of `GET /data/2.5/air_pollution`: one entry in `list`, with OWM's
 * air quality index (1 good … 5 very poor) and eight concentrations in µg/m³.
 * A missing component is cleared; a present but wrong one rejects the body.
 */
function buildSchema() {
  const concentration = z.optional(z.number().check(z.minimum(0), z.maximum(100_000)));
  return z.object({
    coord: z.optional(z.object({ lon: z.number(), lat: z.number() })),
    list: z
      .array(
        z.object({
          dt: z.optional(z.number().check(z.int(), z.minimum(1))),
          main: z.optional(z.object({ aqi: z.number().check(z.int(), z.minimum(1), z.maximum(5)) })),
          components: z.optional(
            z.object({
              co: concentration,
              no: concentration,
              no2: concentration,
              o3: concentration,
              so2: concentration,
              pm2_5: concentration,
              pm10: concentration,
              nh3: concentration,
            }),
          ),
        }),
      )
      .check(z.minLength(1, 'is an empty list (no current air quality)')),
  });
}

// Built on first use: a bridge without OWM_AIR_QUALITY never needs it.
let schema: ReturnType<typeof buildSchema> | undefined;

export type AirReport = z.infer<ReturnType<typeof buildSchema>>['list'][number];

export type AirParseResult = { ok: true; report: AirReport } | { ok: false; problems: string[] };

export function parseAir(body: unknown): AirParseResult {
  schema ??= buildSchema();
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, report: result.data.list[0]! };
  return { ok: false, problems: result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(body)'} ${issue.message}`) };
}
