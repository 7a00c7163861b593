/** How the page reads a topic: `maison/salon/temperature` is the quantity `temperature` of the place `maison/salon`. */

export function quantityOf(topic: string): string {
  return topic.slice(topic.lastIndexOf('/') + 1);
}

export function placeOf(topic: string): string {
  const slash = topic.lastIndexOf('/');
  return slash < 0 ? '' : topic.slice(0, slash);
}

/** `maison/salon/status` → `maison/salon`; `stats/status` → `stats`. */
export function statusOwner(topic: string): string {
  return placeOf(topic) || topic;
}

/** `stats/alerts/maison/salon/temperature` → `maison/salon/temperature`. */
export function alertName(topic: string): string {
  return topic.replace(/^stats\/alerts\//, '');
}

/** Groups `items` by `key`, groups and their items sorted by key then topic. */
export function groupBy<T extends { readonly topic: string }>(items: readonly T[], key: (topic: string) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item.topic);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, group]) => [name, group.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0))]);
}
