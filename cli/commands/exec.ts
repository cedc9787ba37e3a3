// flotctl exec: runs a command in a container, relayed by the apiserver to
// the agent of the pod's node. -i streams stdin; -t (with -i, on a terminal)
// puts the local terminal in raw mode for the session. The exit code is the
// remote command's, as with kubectl.
import { Command } from 'commander';
import type { ExecSession } from '../../client/exec-session.js';
import { byteOutput } from '../byte-output.js';
import { CliError } from '../cli-error.js';
import type { CliContext, CommandRunner } from '../context.js';
import { containerFor, podForObject } from '../pod-for-object.js';

export interface ExecCommandOptions {
  container?: string;
  stdin?: boolean;
  tty?: boolean;
  quiet?: boolean;
}

type Release = () => void;

const NOTHING_TO_RELEASE: Release = () => undefined;

/** Feeds local stdin to the session and ends the remote stdin at EOF. */
function pipeStdin(input: NodeJS.ReadStream, session: ExecSession): Release {
  const onData = (chunk: Buffer): void => {
    session.writeStdin(chunk);
  };
  const onEnd = (): void => session.closeStdin();
  input.on('data', onData);
  input.once('end', onEnd);
  return () => {
    input.off('data', onData);
    input.off('end', onEnd);
    // A stdin still reading would keep the process alive after the command ended.
    input.pause();
    input.destroy();
  };
}

/** Raw mode so keys (Ctrl-C included) go to the remote command; restored even if the process exits early. */
function enterRawMode(input: NodeJS.ReadStream): Release {
  input.setRawMode(true);
  const restore = (): void => {
    if (input.isRaw) input.setRawMode(false);
  };
  process.once('exit', restore);
  return () => {
    process.off('exit', restore);
    restore();
  };
}

function followTerminalSize(output: NodeJS.WriteStream, session: ExecSession): Release {
  if (!output.isTTY) return NOTHING_TO_RELEASE;
  const send = (): void => session.resize(output.columns, output.rows);
  send();
  output.on('resize', send);
  return () => output.off('resize', send);
}

export async function runExec(ctx: CliContext, target: string, command: string[], opts: ExecCommandOptions): Promise<void> {
  if (command.length === 0) throw new CliError('you must specify at least one command for the container');
  const { pod } = await podForObject(ctx, target);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    throw new CliError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  }
  const container = containerFor(ctx, pod, opts.container);
  const input = process.stdin;
  const attachStdin = opts.stdin === true;
  let tty = attachStdin && opts.tty === true;
  if (tty && !input.isTTY) {
    if (!opts.quiet) ctx.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    tty = false;
  }
  const output = byteOutput(ctx.io);
  const session = ctx.client.podExec(ctx.namespace, pod.metadata.name ?? '', { container, command, stdin: attachStdin, tty }, {
    stdout: (chunk) => void output.stdout(chunk),
    stderr: (chunk) => output.stderr(chunk),
  });
  const releases: Release[] = [];
  let exitCode: number;
  try {
    if (tty) releases.push(enterRawMode(input), followTerminalSize(process.stdout, session));
    if (attachStdin) releases.push(pipeStdin(input, session));
    else session.closeStdin();
    exitCode = await session.done;
  } finally {
    for (const release of releases.reverse()) release();
    output.flush();
  }
  if (exitCode !== 0) {
    if (!opts.quiet) ctx.err(`command terminated with exit code ${exitCode}\n`);
    ctx.exitCode = exitCode;
  }
}

const EXAMPLES = `
Examples:
  # Run a command in a pod's default container
  flotctl exec web -- cat /etc/hostname

  # An interactive shell in the sidecar container
  flotctl exec -it web -c sidecar -- sh

  # Feed a file to a command
  flotctl exec -i web -- sh -c 'cat > /tmp/data' < data.txt
`;

export function execCommand(program: Command, run: CommandRunner): Command {
  return program
    .command('exec')
    .description('Execute a command in a container')
    .argument('<pod>', 'POD or TYPE/NAME (such as deploy/web)')
    .argument('[command...]', 'The command and its arguments, after --')
    .option('-c, --container <name>', 'Container name; defaults to the pod\'s default or first container')
    .option('-i, --stdin', 'Pass stdin to the container')
    .option('-t, --tty', 'Stdin is a TTY')
    .option('-q, --quiet', 'Only print output from the remote session')
    .addHelpText('after', EXAMPLES)
    .action(async (target: string, command: string[], opts: ExecCommandOptions, cmd: Command) => {
      await run(cmd, (ctx) => runExec(ctx, target, command, opts));
    });
}
