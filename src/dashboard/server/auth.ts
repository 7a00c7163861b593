import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { LoginRateLimiter, type RateLimitOptions } from './rate-limit.js';

export const SESSION_COOKIE = 'owm2mqtt_session';
export const SESSION_MS = 30 * 24 * 3600_000;
const MAX_SESSIONS = 256;
/** A password longer than this is not one we set: refused before hashing. */
const MAX_PASSWORD_BYTES = 1024;

export interface AuthOptions {
  readonly password: string;
  readonly now: () => number;
  readonly randomBytes?: (size: number) => Buffer;
  readonly rateLimit: Omit<RateLimitOptions, 'now'>;
}

export type LoginResult =
  | { readonly outcome: 'ok'; readonly token: string }
  | { readonly outcome: 'wrong' }
  | { readonly outcome: 'limited'; readonly retryAfterMs: number };

const sha256 = (text: string | Buffer): Buffer => createHash('sha256').update(text).digest();

/**
 * The password, the sessions it opens and the login rate limit. Passwords are compared as
 * SHA-256 digests with timingSafeEqual: the time taken says nothing about how much of a guess
 * was right, nor about the password's length. Sessions are random 256-bit tokens, kept in
 * memory as their digests (a restart logs everyone out), each valid SESSION_MS.
 */
export class PasswordAuth {
  private readonly digest: Buffer;
  private readonly sessions = new Map<string, number>();
  private readonly limiter: LoginRateLimiter;
  private readonly random: (size: number) => Buffer;

  constructor(private readonly options: AuthOptions) {
    this.digest = sha256(options.password);
    this.limiter = new LoginRateLimiter({ ...options.rateLimit, now: options.now });
    this.random = options.randomBytes ?? randomBytes;
  }

  login(address: string, candidate: string): LoginResult {
    const retryAfterMs = this.limiter.waitFor(address);
    if (retryAfterMs !== undefined) return { outcome: 'limited', retryAfterMs };
    const right = Buffer.byteLength(candidate) <= MAX_PASSWORD_BYTES && timingSafeEqual(sha256(candidate), this.digest);
    if (!right) {
      this.limiter.recordFailure(address);
      return { outcome: 'wrong' };
    }
    const token = this.random(32).toString('base64url');
    this.prune();
    this.sessions.set(sha256(token).toString('hex'), this.options.now() + SESSION_MS);
    return { outcome: 'ok', token };
  }

  /** Whether `token` (a cookie's value, or undefined) is a session that has not expired. */
  valid(token: string | undefined): boolean {
    if (token === undefined || token.length === 0 || token.length > 100) return false;
    const key = sha256(token).toString('hex');
    const expires = this.sessions.get(key);
    if (expires === undefined) return false;
    if (expires > this.options.now()) return true;
    this.sessions.delete(key);
    return false;
  }

  logout(token: string | undefined): void {
    if (token !== undefined) this.sessions.delete(sha256(token).toString('hex'));
  }

  /** Drops expired sessions, then the oldest while there are too many. */
  private prune(): void {
    const now = this.options.now();
    for (const [key, expires] of this.sessions) if (expires <= now) this.sessions.delete(key);
    while (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
  }
}

/** The value of cookie `name` in a Cookie header, if there. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure behind HTTPS. */
export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MS / 1000}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}
