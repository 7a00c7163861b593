/// <reference lib="dom" />

/** Follows the system's dark mode, as the CSS does; charts read it when they draw. */
const query = matchMedia('(prefers-color-scheme: dark)');

export function isDark(): boolean {
  return query.matches;
}

export function onThemeChange(listener: () => void): void {
  query.addEventListener('change', listener);
}

/** Axis text and grid, matching --fg and --grid in styles.css. */
export function axisColours(): { text: string; grid: string } {
  return isDark() ? { text: '#c9d1d9', grid: 'rgba(201, 209, 217, 0.15)' } : { text: '#24292f', grid: 'rgba(36, 41, 47, 0.12)' };
}
