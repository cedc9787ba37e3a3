// How every Flotilla process ends on SIGTERM or SIGINT: stop once, exit 0 when
// stopping worked and 1 when it failed.
import type { Logger } from './logger.js';

export const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export interface ShutdownMessages {
  /** Logged (info) on the first signal. */
  stopping: string;
  /** Logged (error) when `stop` fails. */
  failed: string;
}

export interface ShutdownState {
  /** A signal has come: work starting now should not. */
  readonly requested: boolean;
}

/** On the first shutdown signal, runs `stop` and exits; later signals are ignored. */
export function exitOnShutdownSignal(logger: Logger, messages: ShutdownMessages, stop: () => Promise<void>): ShutdownState {
  const state = { requested: false };
  const onSignal = (signal: string): void => {
    if (state.requested) return;
    state.requested = true;
    logger.info({ signal }, messages.stopping);
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, messages.failed);
        process.exit(1);
      },
    );
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, () => onSignal(signal));
  return state;
}
