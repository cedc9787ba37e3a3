// flotctl run: one pod from flags.
import { Command } from 'commander';
import { CliError } from '../cli-error.js';
import type { CliContext, CommandRunner } from '../context.js';
import { collect, parseDryRun } from '../flags.js';
import { buildRunPod, parseKeyValues, parsePort, type RestartPolicy } from '../generators.js';
import { parseOutputFormat } from '../object-output.js';
import { createGenerated } from './create.js';

const RESTART_POLICIES: readonly RestartPolicy[] = ['Always', 'OnFailure', 'Never'];

export interface RunCommandOptions {
  image?: string;
  restart?: string;
  labels?: string;
  env?: string[];
  port?: string;
  command?: boolean;
  dryRun?: string | boolean;
  output?: string;
}

export async function runRun(ctx: CliContext, name: string, args: string[], opts: RunCommandOptions): Promise<void> {
  if (!opts.image) throw new CliError('required flag(s) "image" not set');
  const restart = (opts.restart ?? 'Always') as RestartPolicy;
  if (!RESTART_POLICIES.includes(restart)) throw new CliError(`invalid restart policy: ${opts.restart}`);
  if (opts.command && args.length === 0) throw new CliError('--command requires a command after --');
  const dryRun = parseDryRun(opts.dryRun);
  const output = parseOutputFormat(opts.output, ['json', 'name', 'yaml']);
  const pod = buildRunPod({
    name,
    image: opts.image,
    restart,
    labels: opts.labels ? parseKeyValues(opts.labels, 'label') : undefined,
    env: opts.env ?? [],
    port: parsePort(opts.port),
    command: opts.command === true,
    args,
  });
  await createGenerated(ctx, pod, dryRun, output);
}

const EXAMPLES = `
Examples:
  # Start an nginx pod
  flotctl run web --image flotilla/nginx:1.22 --port 80

  # A pod that runs a command and is not restarted
  flotctl run once --image flotilla/busybox:latest --restart Never -- sleep 10

  # Replace the entrypoint instead of passing arguments to it
  flotctl run shell --image flotilla/busybox:latest --command -- sh -c 'echo hi; sleep 3600'

  # Environment and labels
  flotctl run app --image flotilla/busybox:latest --env MODE=demo --labels app=demo,tier=test -- sleep 3600

  # Print the pod without creating it
  flotctl run web --image flotilla/nginx:1.22 --dry-run=client -o yaml
`;

export function runCommand(program: Command, run: CommandRunner): Command {
  return program
    .command('run')
    .description('Run a particular image in a pod')
    .argument('<name>', 'Name of the pod (and of its container)')
    .argument('[args...]', 'Arguments for the container (or its command with --command), after --')
    .option('--image <image>', 'The image for the container')
    .option('--restart <policy>', 'The pod\'s restart policy: Always, OnFailure or Never', 'Always')
    .option('--labels <labels>', 'Comma-separated labels for the pod, replacing run=NAME')
    .option('--env <KEY=VALUE>', 'Environment variable for the container (repeatable)', collect)
    .option('--port <port>', 'The port the container exposes')
    .option('--command', 'Use the arguments after -- as the command instead of as arguments')
    .option('--dry-run [mode]', 'client: only print the pod; server: let the server check without storing')
    .option('-o, --output <format>', 'Output format: yaml, json or name')
    .addHelpText('after', EXAMPLES)
    .action(async (name: string, args: string[], opts: RunCommandOptions, cmd: Command) => {
      await run(cmd, (ctx) => runRun(ctx, name, args, opts));
    });
}
