#!/usr/bin/env node
// flotctl: the Flotilla command line, shaped like kubectl.
import { runCli } from './program.js';

// `flotctl get pods | head` closes the pipe early; that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
