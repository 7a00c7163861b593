import { Owm2MqttError, type ErrorCode } from '../core/errors.js';

/** A batch of publishes that failed part-way: how many of its messages the broker had acknowledged. */
export class PublishError extends Owm2MqttError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly acknowledged: number,
    readonly total: number,
  ) {
    super(code, message);
  }
}
