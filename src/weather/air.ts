import { z } from 'zod';

/**
 * The body of `GET /data/2.5/air_pollution`: one entry in `list`, with OWM's
 * air quality index (1 good … 5 very poor) and eight concentrations in µg/m³.
 * A missing component is cleared; a present but wrong one rejects the body.
 */
const concentration = z.number().min(0).max(100_000);

const schema = z.object({
  coord: z.object({ lon: z.number(), lat: z.number() }).optional(),
  list: z
    .array(
      z.object({
        dt: z.number().int().min(1).optional(),
        main: z.object({ aqi: z.number().int().min(1).max(5) }).optional(),
        components: z
          .object({
            co: concentration.optional(),
            no: concentration.optional(),
            no2: concentration.optional(),
            o3: concentration.optional(),
            so2: concentration.optional(),
            pm2_5: concentration.optional(),
            pm10: concentration.optional(),
            nh3: concentration.optional(),
          })
          .optional(),
      }),
    )
    .min(1, 'is an empty list (no current air quality)'),
});

export type AirReport = z.infer<typeof schema>['list'][number];

export type AirParseResult = { ok: true; report: AirReport } | { ok: false; problems: string[] };

export function parseAir(body: unknown): AirParseResult {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, report: result.data.list[0]! };
  return { ok: false, problems: result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(body)'} ${issue.message}`) };
}
