declare const __OWM2MQTT_VERSION__: string | undefined;

/** The package's version, set by the build; `0.0.0-dev` when run from the sources. */
export const VERSION = typeof __OWM2MQTT_VERSION__ === 'string' ? __OWM2MQTT_VERSION__ : '0.0.0-dev';

/** Sent to OpenWeatherMap with every request. */
export const USER_AGENT = `owm2mqtt/${VERSION} (+https://github.com/owm2mqtt/owm2mqtt)`;
