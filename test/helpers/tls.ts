import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throw-away PKI made with the `openssl` CLI (EC P-256 keys, so it takes a
 * few tens of milliseconds): a CA, a broker certificate for `localhost` only
 * (SAN DNS:localhost, no IP:127.0.0.1, so mqtts://127.0.0.1 is a host-name
 * mismatch), a client certificate, an expired broker certificate (2020-01-01
 * to 2020-01-02, signed by the same CA, so expiry is its only fault) and a
 * second, unrelated CA. Every value is a file path. Everything is readable by
 * all: Mosquitto started as root drops to the `mosquitto` user before it reads
 * its certificates.
 */
export interface TestPki {
  readonly dir: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly expiredCert: string;
  readonly expiredKey: string;
  readonly otherCaCert: string;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'owm2mqtt-pki-'));
  const path = (name: string) => join(dir, name);

  const selfSignedCa = (name: string, cn: string) =>
    openssl(dir, [
      'req',
      '-x509',
      ...EC,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      '30',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  selfSignedCa('ca', 'owm2mqtt test CA');
  selfSignedCa('other-ca', 'owm2mqtt unrelated CA');

  writeFileSync(path('server.ext'), 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
  writeFileSync(path('client.ext'), 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n');
  const signed = (name: string, cn: string, ext: string) => {
    openssl(dir, ['req', '-new', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
    openssl(dir, [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '30',
      '-sha256',
      '-extfile',
      ext,
      '-out',
      `${name}.crt`,
    ]);
  };
  signed('server', 'localhost', 'server.ext');
  signed('client', 'owm2mqtt test client', 'client.ext');

  // `openssl x509 -req` (3.0) cannot backdate a certificate; `openssl ca` takes explicit dates.
  mkdirSync(path('issued'));
  writeFileSync(path('index.txt'), '');
  writeFileSync(path('serial'), '1000\n');
  writeFileSync(
    path('ca.cnf'),
    [
      '[ca]',
      'default_ca = test_ca',
      '[test_ca]',
      `database = ${path('index.txt')}`,
      `new_certs_dir = ${path('issued')}`,
      `serial = ${path('serial')}`,
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      'copy_extensions = none',
      '[any]',
      'commonName = supplied',
      '[server_ext]',
      'subjectAltName = DNS:localhost',
      'extendedKeyUsage = serverAuth',
      'basicConstraints = CA:FALSE',
      '',
    ].join('\n'),
  );
  openssl(dir, ['req', '-new', ...EC, '-keyout', 'expired.key', '-out', 'expired.csr', '-subj', '/CN=localhost']);
  openssl(dir, [
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-cert',
    'ca.crt',
    '-keyfile',
    'ca.key',
    '-in',
    'expired.csr',
    '-out',
    'expired.crt',
    '-notext',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200102000000Z',
    '-extensions',
    'server_ext',
  ]);

  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) chmodSync(path(name), name === 'issued' ? 0o755 : 0o644);

  return {
    dir,
    caCert: path('ca.crt'),
    serverCert: path('server.crt'),
    serverKey: path('server.key'),
    clientCert: path('client.crt'),
    clientKey: path('client.key'),
    expiredCert: path('expired.crt'),
    expiredKey: path('expired.key'),
    otherCaCert: path('other-ca.crt'),
  };
}
