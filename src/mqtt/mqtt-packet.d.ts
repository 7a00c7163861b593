// Types for the one mqtt-packet file src/mqtt/reason-codes.ts imports (mqtt.js's own dependency).
declare module 'mqtt-packet/constants.js' {
  const constants: { MQTT5_PUBACK_PUBREC_CODES: Record<number, string> };
  export default constants;
}
