import { describe, expect, it } from 'vitest';
import { loadConfig, maskUrlCredentials, redactedConfig } from '../../src/config/index.js';

/** Credentials in OWM_BASE_URL would never be sent: refused, and never shown; those of MQTT_URL are used and never printed. */
const BASE = { OWM_API_KEY: 'f4k3k3y0f0wm2mqtt5ecret0123456789', OWM_LOCATIONS: 'Paris,FR' };

describe('OWM_BASE_URL with credentials', () => {
  it.each([
    'https://apiuser:s3cr3t@api.openweathermap.org',
    'https://apiuser@api.openweathermap.org/',
    'https://:s3cr3t@api.openweathermap.org',
    'http://apiuser:s3%2Fcr3t@127.0.0.1:8080/base',
  ])('%s is refused, neither part shown', (value) => {
    const result = loadConfig({ ...BASE, OWM_BASE_URL: value }, 'once');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^OWM_BASE_URL="https?:\/\/\*\*\*@[^"]+" has a user name or password in it/);
    expect(result.problems[0]).not.toMatch(/apiuser|s3cr3t|s3%2Fcr3t/);
  });

  it('a plain URL is accepted and printed as is', () => {
    const result = loadConfig({ ...BASE, OWM_BASE_URL: 'http://127.0.0.1:8080/base/' }, 'once');
    expect(result.ok && redactedConfig(result.config).OWM_BASE_URL).toBe('http://127.0.0.1:8080/base');
  });

  it.each([
    ['https://u:p@host/x', 'https://***@host/x'],
    ['https://u@host', 'https://***@host'],
    ['https://host', 'https://host'],
    ['u:p@host', '***@host'],
  ])('maskUrlCredentials(%j) is %j', (input, expected) => {
    expect(maskUrlCredentials(input)).toBe(expected);
  });
});

describe('MQTT_URL with credentials', () => {
  it('--print-config shows neither the password nor the URL with it', () => {
    const result = loadConfig({ ...BASE, MQTT_URL: 'mqtt://bob:hunter2-url@broker.lan:1883' }, 'once');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const shown = JSON.stringify(redactedConfig(result.config));
    expect(shown).not.toContain('hunter2');
    expect(redactedConfig(result.config)).toMatchObject({
      MQTT_URL: 'mqtt://broker.lan:1883',
      MQTT_USERNAME: 'bob',
      MQTT_PASSWORD: '(hidden, from MQTT_URL)',
    });
  });
});
