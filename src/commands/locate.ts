import { runLocate } from '../locate/locate.js';
import type { CommandContext } from './context.js';

export function locate({ config, log, operands, stdout, userAgent }: CommandContext): Promise<number> {
  return runLocate({ config, log, query: operands.join(' '), out: stdout, userAgent });
}
