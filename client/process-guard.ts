// The last line of defence of every process: an error nobody handled is logged
// with a line a test (and an operator) can grep for, and counted in /metrics.
//
// What happens next differs by kind, on purpose:
// - An unhandled rejection is a promise whose failure nobody awaited. All the
//   work of the components is async, so such a failure ends one piece of work
//   (one sync, one status write) and leaves shared state as it was: informers
//   re-list, work queues retry, the level-triggered loops converge. Node 20's
//   default is to crash; a crash here turned one bad object into a
//   crash-and-restart loop of the whole control plane, so the process goes on.
// - An uncaught exception escaped a synchronous callback (an event emitter,
//   a timer) half-way through whatever it was changing. Node documents the
//   process state as undefined afterwards, and Kubernetes' components crash on
//   a panic outside a worker, so the process logs, counts and exits 1.
import { Counter, Registry } from 'prom-client';
import type { Logger } from './logger.js';

/** The `msg` of the log line an unhandled rejection produces. */
export const UNHANDLED_REJECTION_LINE = 'unhandled rejection';
/** The `msg` of the log line an uncaught exception produces, just before the process exits. */
export const UNCAUGHT_EXCEPTION_LINE = 'uncaught exception';
/** Exit code after an uncaught exception (as Node's own). */
export const UNCAUGHT_EXCEPTION_EXIT_CODE = 1;

/**
 * Its own registry, served by every health server next to the component's,
 * because the guard is installed before any component has built its metrics.
 */
export const PROCESS_GUARD_REGISTRY = new Registry();

const unhandledErrors = new Counter({
  name: 'flotilla_process_unhandled_errors_total',
  help: 'Errors no code handled, by type (unhandled_rejection, uncaught_exception)',
  labelNames: ['type'],
  registers: [PROCESS_GUARD_REGISTRY],
});

let installed = false;

/** Installs the handlers once per process; later calls are no-ops. */
export function installProcessGuard(logger: Logger): void {
  if (installed) return;
  installed = true;
  unhandledErrors.inc({ type: 'unhandled_rejection' }, 0);
  unhandledErrors.inc({ type: 'uncaught_exception' }, 0);
  process.on('unhandledRejection', (reason: unknown) => {
    unhandledErrors.inc({ type: 'unhandled_rejection' });
    logger.error({ err: reason }, UNHANDLED_REJECTION_LINE);
  });
  process.on('uncaughtException', (err: Error) => {
    unhandledErrors.inc({ type: 'uncaught_exception' });
    logger.fatal({ err }, UNCAUGHT_EXCEPTION_LINE);
    // pino writes synchronously to stdout by default, so the line is out before the exit.
    process.exit(UNCAUGHT_EXCEPTION_EXIT_CODE);
  });
}
