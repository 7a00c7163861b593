import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** One plain HTTP request with exactly the headers given (no cookie jar, no redirects followed). */
export function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(options.body);
  });
}

/** POST /login with `password`, as the form sends it. */
export function postLogin(base: string, password: string, headers: Record<string, string> = {}): Promise<Reply> {
  return request(new URL('/login', base).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ password }).toString(),
  });
}

/** The `name=value` of a Set-Cookie header, for the next request's Cookie header. */
export function cookieFrom(reply: Reply): string {
  const header = reply.headers['set-cookie']?.[0];
  if (header === undefined) throw new Error(`no Set-Cookie in the reply (status ${reply.status})`);
  return header.split(';')[0]!;
}
