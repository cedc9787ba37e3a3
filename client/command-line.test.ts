import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { BAD_COMMAND_LINE_EXIT_CODE, parseOrExit } from './command-line.js';

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

const exit = (code: number): never => {
  throw new Exited(code);
};

function parse(argv: string[]): { port: string } {
  const program = new Command('probe').exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined }).option('--port <n>', 'a port', '80');
  program.parse(argv, { from: 'user' });
  const port = program.opts<{ port: string }>().port;
  if (!/^\d+$/.test(port)) throw new Error(`--port: ${port} is not a number`);
  return { port };
}

describe('parseOrExit', () => {
  it('answers what the command line says', () => {
    assert.deepEqual(parseOrExit(parse, ['--port', '8080'], exit), { port: '8080' });
  });

  it("ends with commander's exit code: 0 after --help, 1 for an unknown flag", () => {
    assert.throws(() => parseOrExit(parse, ['--help'], exit), (err: unknown) => err instanceof Exited && err.code === 0);
    assert.throws(() => parseOrExit(parse, ['--bogus'], exit), (err: unknown) => err instanceof Exited && err.code === 1);
  });

  it('ends with 2 for a value that does not hold', () => {
    assert.throws(() => parseOrExit(parse, ['--port', 'x'], exit), (err: unknown) => err instanceof Exited && err.code === BAD_COMMAND_LINE_EXIT_CODE);
  });
});
