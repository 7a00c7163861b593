/**
 * A series' colour comes from its topic alone (FNV-1a hash → hue), so it is the same in every
 * chart, after every reload and on every device.
 */
export function topicHue(topic: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < topic.length; i++) {
    hash ^= topic.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 360;
}

/** Darker on a light background, lighter on a dark one; `alpha` for the min-max band. */
export function topicColour(topic: string, dark: boolean, alpha = 1): string {
  const lightness = dark ? 65 : 42;
  return `hsl(${topicHue(topic)} 70% ${lightness}% / ${alpha})`;
}
