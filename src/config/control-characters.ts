/**
 * Settings are single lines of printable text. A control character in one is
 * a copy-paste or editor accident: Node cuts a value at a NUL, and the broker
 * or OpenWeatherMap would refuse the rest later with a vague error.
 */

/** C0 controls (NUL and TAB included), DEL, C1 controls. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

const NAMES: Record<number, string> = { 0: 'NUL', 9: 'a tab', 10: 'a line feed', 13: 'a carriage return', 27: 'ESC', 127: 'DEL' };

/** `U+0000 (NUL)`, `U+0085`. */
export function describeControl(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return NAMES[code] === undefined ? hex : `${hex} (${NAMES[code]})`;
}

/**
 * Why `value` of `variable` is refused, or undefined. Whitespace controls that
 * the setting's own trimming drops (a trailing newline, a tab next to a
 * separator listed in `separators`) are harmless and allowed. Never shows the value.
 */
export function controlCharacterProblem(
  variable: string,
  value: string,
  { trimmed, separators = '' }: { trimmed: boolean; separators?: string },
): string | undefined {
  const chars = [...value];
  // An edge of the value, or a separator, next to the run of white space around a character.
  const edge = (char: string | undefined) => char === undefined || separators.includes(char);
  for (const [i, char] of chars.entries()) {
    if (!CONTROL.test(char)) continue;
    const dropped =
      trimmed &&
      /\s/.test(char) &&
      (edge(chars.slice(0, i).join('').trimEnd().at(-1)) ||
        edge(
          chars
            .slice(i + 1)
            .join('')
            .trimStart()[0],
        ));
    if (dropped) continue;
    return `${variable} contains a control character, ${describeControl(char)}, at character ${i + 1}: a setting is one line of printable text; remove it (check the editor or the command that wrote the value)`;
  }
  return undefined;
}
