// The logger a client-library object uses when its caller gave none.
import { pino, type Logger } from 'pino';

let silent: Logger | undefined;

export function silentLogger(): Logger {
  silent ??= pino({ level: 'silent' });
  return silent;
}
