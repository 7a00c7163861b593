import type { Dispatcher } from 'undici';
// undici's index also loads fetch, WebSocket, the HTTP cache, mocks and proxy agents at every start
// (measured: 43 ms and ~600 KB of bundle); the bridge needs its Agent and request() only. These two
// paths are undici 7's own files, bundled at build time: a change in them fails the build and the tests.
import UndiciAgent from 'undici/lib/dispatcher/agent.js';
import undiciRequest from 'undici/lib/api/api-request.js';

export { UndiciAgent as Agent };

/** undici's `request(url, options)` without the index: the same options, `url` split into origin and path. */
export function request(
  url: string,
  options: Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Dispatcher },
): Promise<Dispatcher.ResponseData> {
  const parsed = new URL(url);
  const { dispatcher, ...rest } = options;
  return undiciRequest.call(dispatcher, { ...rest, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` });
}
