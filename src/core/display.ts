/**
 * Text from outside (broker topics and payloads, OpenWeatherMap bodies and headers, a broker's
 * reason strings) made safe to show on a terminal or in a log line: nothing in it is ever
 * interpreted. Control characters, escape sequences, DEL, bidirectional overrides and other
 * invisible format characters are shown escaped (`\x1b`, `\u202e`), never sent as they are;
 * a long string is cut with a marker saying how much was left out.
 *
 * Payloads published to the broker and JSON written to stdout stay byte-exact: they are data,
 * not display, and never pass through here.
 */

/** The longest text shown, in characters (code points), before it is cut. */
export const DISPLAY_MAX_CHARACTERS = 200;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * C0 and C1 controls and DEL (`\p{Cc}`), invisible format characters (`\p{Cf}`: the
 * bidirectional overrides and isolates U+202A–U+202E and U+2066–U+2069, zero-width joiners and
 * spaces, the BOM, soft hyphens…), the line and paragraph separators, and lone surrogates.
 */
const UNSAFE = /\p{Cc}|\p{Cf}|\p{Zl}|\p{Zp}|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;
/** The same, less the newline: for whole log lines, whose own text may run over several lines. */
const UNSAFE_BUT_NEWLINE = /(?!\n)\p{Cc}|\p{Cf}|\p{Zl}|\p{Zp}|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

function escapeCharacter(character: string): string {
  const named = NAMED[character];
  if (named) return named;
  const hex = character.codePointAt(0)!.toString(16);
  return hex.length <= 2 ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
}

/** `text` with every unsafe character escaped, cut after `maxCharacters` characters with a marker. */
export function displayText(text: string, maxCharacters = DISPLAY_MAX_CHARACTERS): string {
  // Cut before escaping, so a megabyte of escapes is never built; counted in code points so a cut never splits a pair.
  let end = 0;
  let kept = 0;
  for (const character of text) {
    if (kept === maxCharacters) break;
    end += character.length;
    kept++;
  }
  const shown = text.slice(0, end).replace(UNSAFE, escapeCharacter);
  if (end === text.length) return shown;
  let cut = 0;
  for (const _ of text.slice(end)) cut++;
  return `${shown}… (${cut} more character${cut === 1 ? '' : 's'})`;
}

/** A whole log line made inert, newlines kept: the last guard, after each outside string was shown through displayText. */
export function inertLine(line: string): string {
  return line.replace(UNSAFE_BUT_NEWLINE, escapeCharacter);
}
