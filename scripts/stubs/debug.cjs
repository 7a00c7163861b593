// The bundle's `debug`: mqtt.js and mqtt-packet trace every packet through it, and we give
// mqtt.js a logger of our own (LOG_LEVEL=debug shows the broker's story). The real module costs
// every start ~1 ms (it loads node:tty and probes for supports-color) for lines nobody sees.
function createDebug(namespace) {
  const debug = () => undefined;
  debug.enabled = false;
  debug.namespace = namespace;
  debug.extend = (suffix, delimiter = ':') => createDebug(`${namespace}${delimiter}${suffix}`);
  debug.log = debug;
  return debug;
}
createDebug.enabled = () => false;
createDebug.enable = () => undefined;
createDebug.disable = () => '';
module.exports = createDebug;
module.exports.default = createDebug;
