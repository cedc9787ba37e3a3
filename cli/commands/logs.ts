// flotctl logs: a container's log, relayed by the apiserver from the agent
// of the pod's node; -f follows it until the container stops or Ctrl-C.
import { Command } from 'commander';
import { byteOutput } from '../byte-output.js';
import { CliError } from '../cli-error.js';
import type { CliContext, CommandRunner } from '../context.js';
import { parseDuration } from '../flags.js';
import { containerFor, podForObject } from '../pod-for-object.js';

export interface LogsCommandOptions {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  tail?: string;
  timestamps?: boolean;
  since?: string;
}

const MS_PER_SECOND = 1000;

/** --tail: a negative number (kubectl's default -1) means every line. */
export function parseTail(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new CliError(`invalid argument "${text}" for "--tail" flag: must be an integer`);
  return value < 0 ? undefined : value;
}

async function runLogs(ctx: CliContext, target: string, opts: LogsCommandOptions): Promise<void> {
  const tailLines = parseTail(opts.tail);
  const sinceSeconds = opts.since === undefined ? undefined : Math.ceil(parseDuration(opts.since) / MS_PER_SECOND);
  const chosen = await podForObject(ctx, target);
  if (chosen.candidates > 1) ctx.err(`Found ${chosen.candidates} pods, using pod/${chosen.pod.metadata.name ?? ''}\n`);
  const container = containerFor(ctx, chosen.pod, opts.container);
  const stream = ctx.client.podLogs(ctx.namespace, chosen.pod.metadata.name ?? '', {
    container,
    follow: opts.follow === true,
    tailLines,
    previous: opts.previous === true,
    timestamps: opts.timestamps === true,
    sinceSeconds,
  });
  const output = byteOutput(ctx.io);
  try {
    for await (const chunk of stream) {
      // A slow reader (a pager, a pipe) holds the stream back instead of filling memory.
      if (!output.stdout(chunk)) await output.drain();
    }
  } finally {
    output.flush();
  }
}

const EXAMPLES = `
Examples:
  # The log of a pod with one container
  flotctl logs nginx

  # The last 20 lines of one container, following new output
  flotctl logs web -c sidecar --tail 20 -f

  # The log of the container's previous instance (after a restart)
  flotctl logs web --previous

  # A pod of a deployment
  flotctl logs deploy/nginx-deployment
`;

export function logsCommand(program: Command, run: CommandRunner): Command {
  return program
    .command('logs')
    .description('Print the logs for a container in a pod')
    .argument('<pod>', 'POD or TYPE/NAME (such as deploy/web)')
    .option('-c, --container <name>', 'Print the logs of this container')
    .option('-f, --follow', 'Specify if the logs should be streamed')
    .option('-p, --previous', 'Print the logs for the previous instance of the container in a pod if it exists')
    .option('--tail <lines>', 'Lines of recent log file to display; -1 shows all', '-1')
    .option('--timestamps', 'Include timestamps on each line in the log output')
    .option('--since <duration>', 'Only return logs newer than a relative duration like 5s, 2m, or 3h')
    .addHelpText('after', EXAMPLES)
    .action(async (target: string, opts: LogsCommandOptions, cmd: Command) => {
      await run(cmd, (ctx) => runLogs(ctx, target, opts));
    });
}
