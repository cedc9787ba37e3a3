// flotctl's command tree (commander) and the one place errors turn into
// kubectl-style messages and exit codes.
import { Command, CommanderError, Option } from 'commander';
import { apiResourcesCommand } from './commands/api-resources.js';
import { applyCommand } from './commands/apply.js';
import { createCommand } from './commands/create.js';
import { exposeCommand } from './commands/expose.js';
import { deleteCommand } from './commands/delete.js';
import { execCommand } from './commands/exec.js';
import { describeCommand } from './commands/describe.js';
import { getCommand } from './commands/get.js';
import { logsCommand } from './commands/logs.js';
import { runCommand } from './commands/run.js';
import { rolloutCommand } from './commands/rollout.js';
import { scaleCommand } from './commands/scale.js';
import { setCommand } from './commands/set-image.js';
import { topCommand } from './commands/top.js';
import { tokenCommand } from './commands/token.js';
import { joinCommand } from './commands/join.js';
import { formatError } from './cli-error.js';
import { CliContext, type CommandRunner, type GlobalOptions } from './context.js';
import { processIo, type CliIo } from './io.js';

const DESCRIPTION = `flotctl controls the Flotilla cluster, as kubectl controls Kubernetes.

The server comes from --server, else $FLOTILLA_SERVER, else the config file
(--config, else $FLOTILLA_CONFIG, else ~/.flotilla/config.yaml), else 127.0.0.1:7443.
Credentials come from the flags below, else the config file's certificateAuthority,
clientCertificate, clientKey (paths relative to the file) and token; with a
certificate authority the connection is TLS.`;

const EXAMPLES = `
Examples:
  flotctl apply -f examples/nginx-deployment.yaml
  flotctl get pods -o wide
  flotctl describe deployment nginx-deployment
  flotctl delete -f examples/nginx-deployment.yaml
`;

const GLOBAL_OPTIONS: [flags: string, description: string][] = [
  ['--server <address>', 'The address of the Flotilla apiserver (host:port)'],
  ['--config <path>', 'Path to the flotctl config file'],
  ['-n, --namespace <namespace>', 'The namespace for this request'],
  ['--certificate-authority <file>', 'Path to a cert file for the certificate authority'],
  ['--client-certificate <file>', 'Path to a client certificate file for TLS'],
  ['--client-key <file>', 'Path to a client key file for TLS'],
  ['--token <token>', 'Bearer token for authentication to the API server'],
];

/**
 * Subcommands share flag names with their parents (`create -o` and `create
 * deployment -o`), which needs positional options; the global flags are then
 * repeated, hidden, on every command so `get pods -n shop` still works.
 */
function repeatGlobalOptions(cmd: Command): void {
  for (const sub of cmd.commands) {
    for (const [flags, description] of GLOBAL_OPTIONS) {
      const option = new Option(flags, description).hideHelp();
      // A command with a flag of its own by that name (join --server, --token) keeps its own.
      if (!sub.options.some((o) => o.long === option.long)) sub.addOption(option);
    }
    repeatGlobalOptions(sub);
  }
}

export function buildProgram(io: CliIo, contexts: CliContext[]): Command {
  const program = new Command('flotctl');
  program.description(DESCRIPTION);
  for (const [flags, description] of GLOBAL_OPTIONS) program.option(flags, description);
  program
    .enablePositionalOptions()
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
    })
    .showSuggestionAfterError()
    .addHelpText('after', EXAMPLES);

  const run: CommandRunner = async (cmd, fn) => {
    const ctx = new CliContext(cmd.optsWithGlobals<GlobalOptions>(), io);
    contexts.push(ctx);
    try {
      await fn(ctx);
    } catch (err) {
      ctx.report(err);
    }
  };

  applyCommand(program, run);
  exposeCommand(program, createCommand(program, run), run);
  runCommand(program, run);
  tokenCommand(program, run);
  joinCommand(program, run);
  getCommand(program, run);
  describeCommand(program, run);
  deleteCommand(program, run);
  apiResourcesCommand(program, run);
  logsCommand(program, run);
  execCommand(program, run);
  scaleCommand(program, run);
  setCommand(program, run);
  rolloutCommand(program, run);
  topCommand(program, run);
  repeatGlobalOptions(program);
  return program;
}

/** Runs flotctl with `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const contexts: CliContext[] = [];
  const program = buildProgram(io, contexts);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync([...argv], { from: 'user' });
    const exitCode = contexts.find((c) => c.exitCode !== undefined)?.exitCode;
    return exitCode ?? (contexts.some((c) => c.failed) ? 1 : 0);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    io.err(`${formatError(err, '')}\n`);
    return 1;
  } finally {
    for (const ctx of contexts) ctx.close();
  }
}
