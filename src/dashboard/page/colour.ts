/**
 * A series' colour comes from its topic alone (FNV-1a hash), so it is the same in every chart,
 * after every reload and on every device: the hue from the hash, and one of three lightnesses
 * from other bits of it, so that two topics whose hues happen to be close still differ.
 */
export function topicHash(topic: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < topic.length; i++) {
    hash ^= topic.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function topicHue(topic: string): number {
  return topicHash(topic) % 360;
}

/** Darker on a light background, lighter on a dark one; `alpha` for the min-max band. */
export function topicColour(topic: string, dark: boolean, alpha = 1): string {
  const hash = topicHash(topic);
  const shade = ((hash >>> 20) % 3) - 1;
  const lightness = (dark ? 65 : 42) + shade * 12;
  return `hsl(${hash % 360} 70% ${lightness}% / ${alpha})`;
}
