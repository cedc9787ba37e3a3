// How every component reads its command line. commander has already printed a
// bad flag's problem, or the help, when it throws; the process then ends with
// commander's own exit code (0 after --help) and no stack trace. A problem
// found after commander (a flag's value that does not hold) is printed here.
import { CommanderError } from 'commander';

/** Exit code for a command line that does not hold, as commander uses. */
export const BAD_COMMAND_LINE_EXIT_CODE = 2;

export function parseOrExit<T>(parse: (argv: string[]) => T, argv: string[] = process.argv.slice(2), exit: (code: number) => never = process.exit): T {
  try {
    return parse(argv);
  } catch (err) {
    if (err instanceof CommanderError) return exit(err.exitCode);
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return exit(BAD_COMMAND_LINE_EXIT_CODE);
  }
}
