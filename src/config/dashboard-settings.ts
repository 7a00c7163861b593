import { isIP } from 'node:net';
import { controlCharacterProblem } from './control-characters.js';
import { nonEmpty, readSecret } from './secrets.js';

/**
 * The web server's settings: where it listens and the password that guards it.
 *
 * 8377 is the default port because none of what usually runs beside owm2mqtt on a Raspberry Pi
 * listens there: Zigbee2MQTT 8080, Node-RED 1880, Home Assistant 8123, Grafana 3000 (also
 * AdGuard Home, Z-Wave JS UI), Mosquitto 1883/8883 and its WebSocket 9001, InfluxDB 8086,
 * Prometheus and Cockpit 9090, Portainer 9000, Uptime Kuma 3001, ESPHome 6052, motionEye 8765,
 * Home Assistant add-on ingress 8099, Homebridge 8581, Syncthing 8384, Jellyfin 8096. It is
 * above 1024 (no privilege needed) and below Linux's ephemeral range (32768-60999), so an
 * outgoing connection never holds it.
 */
export const DEFAULT_DASHBOARD_PORT = 8377;
export const DEFAULT_DASHBOARD_HOST = '127.0.0.1';
export const MIN_PASSWORD_LENGTH = 8;

export interface DashboardSettings {
  readonly host: string;
  readonly port: number;
  /** Undefined: no login (allowed only on a loopback address). */
  readonly password: string | undefined;
}

export type DashboardSettingsResult = { ok: true; settings: DashboardSettings } | { ok: false; problems: string[] };

/** A host name: dot-separated labels of letters, digits and hyphens. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Only this machine can reach an address of these: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(bare);
  return false;
}

/**
 * Reads DASHBOARD_HOST, DASHBOARD_PORT and DASHBOARD_PASSWORD (or DASHBOARD_PASSWORD_FILE, or the
 * systemd credential `dashboard-password`) from an environment record. Every problem at once,
 * each naming its variable; the password never appears in a message.
 */
export function parseDashboardSettings(env: Readonly<Record<string, string | undefined>>): DashboardSettingsResult {
  const problems: string[] = [];

  const rawHost = nonEmpty(env.DASHBOARD_HOST)?.trim() ?? DEFAULT_DASHBOARD_HOST;
  const host = rawHost.replace(/^\[(.*)\]$/, '$1');
  const hostControl = controlCharacterProblem('DASHBOARD_HOST', rawHost, { trimmed: true });
  const hostValid = hostControl === undefined && (isIP(host) !== 0 || HOST_NAME.test(host));
  if (hostControl !== undefined) problems.push(hostControl);
  else if (!hostValid) {
    problems.push(
      `DASHBOARD_HOST="${rawHost}" is not an address to listen on: give an IP address of this machine (127.0.0.1, ::1, 192.168.1.20), 0.0.0.0 for every interface, or a host name`,
    );
  }

  const rawPort = nonEmpty(env.DASHBOARD_PORT)?.trim() ?? String(DEFAULT_DASHBOARD_PORT);
  const port = /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) {
    problems.push(`DASHBOARD_PORT="${rawPort}" must be a whole number from 1 to 65535 (default ${DEFAULT_DASHBOARD_PORT})`);
  }

  const secret = readSecret({ ...env }, 'DASHBOARD_PASSWORD', 'dashboard-password');
  let password: string | undefined;
  if (!secret.ok) problems.push(secret.problem);
  else if (secret.value !== undefined) {
    const control = controlCharacterProblem(secret.source!, secret.value, { trimmed: false });
    if (control !== undefined) problems.push(control);
    else if ([...secret.value].length < MIN_PASSWORD_LENGTH) {
      problems.push(`${secret.source} is shorter than ${MIN_PASSWORD_LENGTH} characters: choose a longer password`);
    } else password = secret.value;
  }

  if (hostValid && secret.ok && secret.value === undefined && !isLoopbackHost(host)) {
    problems.push(
      `DASHBOARD_HOST="${rawHost}" lets other machines reach the dashboard, which needs a password: set DASHBOARD_PASSWORD (or DASHBOARD_PASSWORD_FILE), or keep DASHBOARD_HOST=127.0.0.1`,
    );
  }

  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings: { host, port, password } };
}
