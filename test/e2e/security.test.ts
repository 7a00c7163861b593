import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoAvailable, startBroker, type TestBroker } from '../helpers/broker.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { baseEnv, FAKE_KEY, uniquePrefix } from '../helpers/env.js';
import { startFakeOwm, type FakeOwm } from '../helpers/fake-owm.js';
import { makePki, type TestPki } from '../helpers/tls.js';
import { retainedSnapshot, Subscriber } from '../helpers/subscriber.js';
import { expectNoSecret } from '../helpers/world.js';

/**
 * TLS, logins, ACLs and MQTT 5 properties against real Mosquitto brokers, one per
 * configuration, all sharing one throw-away PKI and one fake OWM.
 */
const PASSWORD = 'pw-0wm2mqtt-e2e-S3cret';
const WRONG = 'pw-wrong-guess-0000';
const READER = 'reader-pw-0000';
const ACL5 = uniquePrefix('acl5');
const ACL4 = uniquePrefix('acl4');

let pki: TestPki;
let owm: FakeOwm;
const tempDirs: string[] = [];
const b = {} as Record<'tls' | 'expired' | 'mtls' | 'auth' | 'plain', TestBroker>;
const tlsUrl = (broker: TestBroker, host = 'localhost') => `mqtts://${host}:${broker.port}`;

beforeAll(async () => {
  if (!mosquittoAvailable()) return; // the Aedes stand-in has no TLS, logins or ACLs
  pki = makePki();
  owm = await startFakeOwm({
    apiKey: FAKE_KEY,
    scripts: { 'q=Lisbon,PT': [{ fixture: 'weather-clouds-all-optional-fields-metric.json' }] },
  });
  const dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-auth-'));
  tempDirs.push(pki.dir, dir);
  chmodSync(dir, 0o755); // Mosquitto started as root reads these files as the `mosquitto` user
  const passwd = join(dir, 'passwd');
  execFileSync('mosquitto_passwd', ['-b', '-c', passwd, 'owm', PASSWORD]);
  execFileSync('mosquitto_passwd', ['-b', passwd, 'reader', READER]);
  // Mosquitto ACLs are allow-lists; `deny` lines are checked before any grant.
  const acl = [
    'user owm',
    `topic deny ${ACL5}/lisbon/state`,
    `topic deny ${ACL4}/lisbon/state`,
    'topic readwrite #',
    'user reader',
    'topic readwrite #',
    '',
  ];
  writeFileSync(join(dir, 'acl'), acl.join('\n'));
  const tls = (cert: string, key: string) => [`cafile ${pki.caCert}`, `certfile ${cert}`, `keyfile ${key}`];
  const configs = {
    tls: tls(pki.serverCert, pki.serverKey),
    expired: tls(pki.expiredCert, pki.expiredKey),
    mtls: [...tls(pki.serverCert, pki.serverKey), 'require_certificate true'],
    auth: [`password_file ${passwd}`, `acl_file ${join(dir, 'acl')}`, 'allow_anonymous false'],
    plain: [],
  };
  // Every broker that did start is kept for afterAll to stop, even when another failed.
  const started = await Promise.allSettled(
    Object.entries(configs).map(async ([name, lines]) => (b[name as keyof typeof b] = await startBroker(lines))),
  );
  for (const result of started) if (result.status === 'rejected') throw result.reason;
});

afterAll(async () => {
  await owm?.close();
  await Promise.all(Object.values(b).map((broker) => broker.stop()));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

async function once(url: string, prefix: string, more: Record<string, string> = {}): Promise<CliRun> {
  const run = await runCli(['--once'], baseEnv(owm.url, url, prefix, { OWM_LOCATIONS: 'Lisbon,PT', ...more }));
  expectNoSecret(run);
  for (const secret of [PASSWORD, WRONG]) expect(run.stdout + run.stderr).not.toContain(secret);
  return run;
}

const ca = () => ({ caFile: pki.caCert });

describe.skipIf(!mosquittoAvailable())('TLS (mqtts://)', () => {
  it('verifies the broker against MQTT_CA_FILE and publishes', async () => {
    const prefix = uniquePrefix('tls');
    const run = await once(tlsUrl(b.tls), prefix, { MQTT_CA_FILE: pki.caCert });
    expect(run.code, run.stderr).toBe(0);
    const retained = await retainedSnapshot(tlsUrl(b.tls), `${prefix}/#`, ca());
    expect(retained.get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
    expect(retained.get(`${prefix}/bridge/status`)?.payload).toBe('online');
  });

  it.each([
    ['without MQTT_CA_FILE (system CAs only)', false],
    ['with an unrelated CA in MQTT_CA_FILE', true],
  ])('refuses a broker certificate from an unknown CA, %s', async (_, otherCa) => {
    const run = await once(tlsUrl(b.tls), uniquePrefix('unknownca'), otherCa ? { MQTT_CA_FILE: pki.otherCaCert } : {});
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/is signed by an unknown authority \([A-Z_]+\): give its CA in MQTT_CA_FILE/);
  });

  it('refuses a certificate made for another host name (mqtts://127.0.0.1, certificate for localhost)', async () => {
    const run = await once(tlsUrl(b.tls, '127.0.0.1'), uniquePrefix('altname'), { MQTT_CA_FILE: pki.caCert });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      'is not for this host name (ERR_TLS_CERT_ALTNAME_INVALID): use the name the certificate was made for in MQTT_URL',
    );
  });

  it('refuses an expired broker certificate', async () => {
    const run = await once(tlsUrl(b.expired), uniquePrefix('expired'), { MQTT_CA_FILE: pki.caCert });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('has expired (CERT_HAS_EXPIRED): the broker needs a new one');
  });

  it('MQTT_INSECURE=true connects without a CA, with a warning', async () => {
    const prefix = uniquePrefix('insecure');
    const run = await once(tlsUrl(b.tls), prefix, { MQTT_INSECURE: 'true' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      `MQTT_INSECURE=true: the broker's certificate is not checked, so anyone on the path can pose as localhost:${b.tls.port}; use MQTT_CA_FILE instead`,
    );
    expect((await retainedSnapshot(tlsUrl(b.tls), `${prefix}/#`, ca())).get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
  });

  it('a broker that requires a client certificate: refused without one, and the message says to set MQTT_CERT_FILE/MQTT_KEY_FILE', async () => {
    const run = await once(tlsUrl(b.mtls), uniquePrefix('nocert'), { MQTT_CA_FILE: pki.caCert });
    expect(run.code).toBe(3);
    // Under TLS 1.3 the broker's refusal arrives as alert 116 (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED), not as ECONNRESET.
    expect(run.stderr).toContain('set MQTT_CERT_FILE and MQTT_KEY_FILE');
  });

  it('a broker that requires a client certificate accepts MQTT_CERT_FILE/MQTT_KEY_FILE', async () => {
    const prefix = uniquePrefix('cert');
    const run = await once(tlsUrl(b.mtls), prefix, {
      MQTT_CA_FILE: pki.caCert,
      MQTT_CERT_FILE: pki.clientCert,
      MQTT_KEY_FILE: pki.clientKey,
    });
    expect(run.code, run.stderr).toBe(0);
    const retained = await retainedSnapshot(tlsUrl(b.mtls), `${prefix}/#`, { ...ca(), certFile: pki.clientCert, keyFile: pki.clientKey });
    expect(retained.get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
  });
});

describe.skipIf(!mosquittoAvailable())('login and ACL', () => {
  const reader = { username: 'reader', password: READER };

  it('logs in with MQTT_USERNAME/MQTT_PASSWORD, MQTT_PASSWORD_FILE or $CREDENTIALS_DIRECTORY/mqtt-password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-cred-'));
    tempDirs.push(dir);
    writeFileSync(join(dir, 'pw'), `${PASSWORD}\n`);
    writeFileSync(join(dir, 'mqtt-password'), `${PASSWORD}\n`);
    const ways: Record<string, string>[] = [
      { MQTT_PASSWORD: PASSWORD },
      { MQTT_PASSWORD_FILE: join(dir, 'pw') },
      { CREDENTIALS_DIRECTORY: dir },
    ];
    for (const way of ways) {
      const prefix = uniquePrefix('login');
      const run = await once(b.auth.url, prefix, { MQTT_USERNAME: 'owm', ...way });
      expect(run.code, `${JSON.stringify(way)}: ${run.stderr}`).toBe(0);
      expect((await retainedSnapshot(b.auth.url, `${prefix}/#`, reader)).get(`${prefix}/lisbon/temperature`)?.payload).toBe('22.55');
    }
  });

  it('a wrong password exits 3 and names MQTT_USERNAME and MQTT_PASSWORD', async () => {
    const run = await once(b.auth.url, uniquePrefix('badpw'), { MQTT_USERNAME: 'owm', MQTT_PASSWORD: WRONG });
    expect(run.code).toBe(3);
    // Mosquitto 2.0 answers a bad password with CONNACK 5 "not authorised" under MQTT 3.1.1, not 4.
    expect(run.stderr).toContain('refused the connection: not authorised: the broker needs a login (MQTT_USERNAME, MQTT_PASSWORD)');
  });

  it('MQTT 5: a publish the ACL forbids exits 3 and names the topic and the ACL', async () => {
    const run = await once(b.auth.url, ACL5, { MQTT_USERNAME: 'owm', MQTT_PASSWORD: PASSWORD, MQTT_PROTOCOL_VERSION: '5' });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`does not let this client publish to "${ACL5}/lisbon/state" (not authorised, reason 135): check its ACL`);
  });

  it('MQTT 3.1.1: a forbidden publish is acknowledged and dropped, so the run cannot tell (exit 0)', async () => {
    // MQTT 3.1.1 PUBACK has no reason code: Mosquitto acknowledges a denied publish like any other
    // and discards it. The run succeeds; only the forbidden topic is missing from the broker.
    const run = await once(b.auth.url, ACL4, { MQTT_USERNAME: 'owm', MQTT_PASSWORD: PASSWORD });
    expect(run.code, run.stderr).toBe(0);
    const retained = await retainedSnapshot(b.auth.url, `${ACL4}/#`, reader);
    expect(retained.get(`${ACL4}/lisbon/temperature`)?.payload).toBe('22.55');
    expect(retained.has(`${ACL4}/lisbon/state`)).toBe(false);
  });
});

describe.skipIf(!mosquittoAvailable())('MQTT 5 properties', () => {
  it('sets content types and message expiry; expired weather values leave the broker, bridge/status stays', async () => {
    const prefix = uniquePrefix('v5');
    const live = await Subscriber.connect(b.plain.url, `${prefix}/#`, { mqtt5: true });
    const seen = {
      has: (topic: string) => live.messages.some((m) => m.topic === topic),
      get: (topic: string) => live.messages.findLast((m) => m.topic === topic),
    };
    try {
      const run = await once(b.plain.url, prefix, { MQTT_PROTOCOL_VERSION: '5', MQTT_MESSAGE_EXPIRY_S: '2' });
      expect(run.code, run.stderr).toBe(0);
      const published = Date.now();
      await expect.poll(() => seen.has(`${prefix}/lisbon/state`)).toBe(true);
      // Mosquitto forwards the remaining lifetime, counted in whole seconds: 2, or 1 across a second boundary.
      const expiry = expect.toSatisfy((s: unknown) => s === 1 || s === 2);
      expect(seen.get(`${prefix}/lisbon/temperature`)?.properties).toMatchObject({
        contentType: 'text/plain; charset=utf-8',
        messageExpiryInterval: expiry,
      });
      expect(seen.get(`${prefix}/lisbon/state`)?.properties).toMatchObject({
        contentType: 'application/json',
        messageExpiryInterval: expiry,
      });
      const status = seen.get(`${prefix}/bridge/status`);
      expect(status?.properties?.contentType).toBe('text/plain; charset=utf-8');
      expect(status?.properties?.messageExpiryInterval).toBeUndefined();

      // The broker drops them once their 2 s are over (3 s at most, counted in whole seconds): waited for, not slept on.
      const retainedNow = () => retainedSnapshot(b.plain.url, `${prefix}/#`, { mqtt5: true });
      const lisbonTopics = async () => [...(await retainedNow()).keys()].filter((t) => t.includes('/lisbon/'));
      await expect.poll(lisbonTopics, { timeout: Math.max(0, published + 3000 - Date.now()) + 1000, interval: 250 }).toEqual([]);
      expect((await retainedNow()).get(`${prefix}/bridge/status`)?.payload).toBe('online');
    } finally {
      await live.close();
    }
  });
});
