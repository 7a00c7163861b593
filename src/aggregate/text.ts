/** A payload as UTF-8 text (invalid sequences become U+FFFD). */
export function payloadText(payload: Uint8Array | string): string {
  return typeof payload === 'string' ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
}
