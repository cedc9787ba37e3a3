// pino JSON logs: one root logger per process, child loggers per component
// and per controller, object keys (ns, pod, node) as fields.
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(component: string, level = process.env.FLOTILLA_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { component, pid: process.pid } });
}
