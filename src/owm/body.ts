import { Owm2MqttError, codeOf } from '../core/errors.js';

/**
 * A body as text, decompressed when a server or proxy compressed it although the
 * request asked for none (`Accept-Encoding: identity`). The decompressed size is
 * capped like the raw one, so a small compressed body cannot grow into a large one.
 */
export function bodyText(bytes: Uint8Array, contentEncoding: string | string[] | undefined, maxBytes: number): string {
  const encoding = String(contentEncoding ?? '')
    .trim()
    .toLowerCase();
  if (encoding === '' || encoding === 'identity') return new TextDecoder().decode(bytes);
  // Loaded only for such a body: most runs never need it.
  const zlib = process.getBuiltinModule('node:zlib');
  const options = { maxOutputLength: maxBytes };
  const decompress: Record<string, ((input: Uint8Array) => Buffer) | undefined> = {
    gzip: (input) => zlib.gunzipSync(input, options),
    'x-gzip': (input) => zlib.gunzipSync(input, options),
    deflate: (input) => zlib.inflateSync(input, options),
    br: (input) => zlib.brotliDecompressSync(input, options),
  };
  const decode = decompress[encoding];
  if (!decode) {
    throw new Owm2MqttError(
      'OWM_BAD_RESPONSE',
      `OpenWeatherMap sent a body compressed as "${encoding.slice(0, 40)}" (Content-Encoding), though the request asked for none, and the bridge cannot read it: a proxy in the way? Check OWM_BASE_URL`,
    );
  }
  try {
    return new TextDecoder().decode(decode(bytes));
  } catch (error) {
    if (codeOf(error) === 'ERR_BUFFER_TOO_LARGE') {
      throw new Owm2MqttError(
        'OWM_BAD_RESPONSE',
        `OpenWeatherMap sent a compressed body (Content-Encoding: ${encoding}) larger than any weather report once decompressed (over ${Math.round(maxBytes / 1024)} KiB): ignored`,
      );
    }
    throw new Owm2MqttError(
      'OWM_BAD_RESPONSE',
      `OpenWeatherMap sent a body marked compressed (Content-Encoding: ${encoding}) that does not decompress (${codeOf(error) ?? 'corrupt'}): a proxy in the way? Check OWM_BASE_URL`,
    );
  }
}
