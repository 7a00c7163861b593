/**
 * A seeded pseudo-random source, so that `SIM_SEED` repeats a run byte for byte: sfc32 (Chris Doty-Humphrey's
 * small fast chaotic generator, 128 bits of state), seeded by the cyrb128 string hash. Not for secrets.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (mean 0, standard deviation 1), by the Box–Muller transform. */
  gaussian(): number;
}

/** cyrb128 (bryc, public domain): four 32-bit words from a string, well mixed. */
export function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** Draws thrown away after seeding, as sfc32's author advises, so that close seeds part at once. */
const WARM_UP = 12;

/**
 * The stream named by `parts` (`seededRandom(seed, room)`): each room has a stream of its own, so adding a
 * room or changing their order leaves the others' values as they were.
 */
export function seededRandom(...parts: readonly string[]): Random {
  let [a, b, c, d] = hash128(parts.join('\u0000'));
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < WARM_UP; i++) next();
  return {
    next,
    // 1 − u is in (0, 1]: its logarithm is finite.
    gaussian: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
}
