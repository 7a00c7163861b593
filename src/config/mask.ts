/**
 * `mqtt://user:secret@host` → `mqtt://user:***@host`, for messages about a URL
 * that may carry a password. The password runs to the last `@` and may hold
 * `/` or `@`, so this does not rely on the value being a valid URL.
 */
export function maskUrlPassword(text: string): string {
  const at = text.lastIndexOf('@');
  if (at === -1) return text;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? '';
  const userinfo = text.slice(scheme.length, at);
  const colon = userinfo.indexOf(':');
  if (colon === -1) return text;
  return `${scheme}${userinfo.slice(0, colon)}:***@${text.slice(at + 1)}`;
}

/** `https://user:secret@host/` → `https://***@host/`: for a URL whose credentials are refused, none of them is shown. */
export function maskUrlCredentials(text: string): string {
  const at = text.lastIndexOf('@');
  if (at === -1) return text;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? '';
  return `${scheme}***@${text.slice(at + 1)}`;
}
