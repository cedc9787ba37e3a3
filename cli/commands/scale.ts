// flotctl scale: sets spec.replicas of deployments, replica sets and stateful sets.
import { Command } from 'commander';
import { RESOURCES } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/meta.js';
import { CliError } from '../cli-error.js';
import type { CommandRunner, CliContext } from '../context.js';
import { parseNonNegativeInt } from '../flags.js';
import { targetName, updateWithRetry, workloadTargets } from './workload-targets.js';

/** The kinds with a scale subresource: where replicas can be set. */
const SCALABLE = RESOURCES.filter((r) => r.subresources.scale).map((r) => r.kind);

export interface ScaleOptions {
  replicas?: string;
  currentReplicas?: string;
}

export async function runScale(ctx: CliContext, args: string[], opts: ScaleOptions): Promise<void> {
  if (opts.replicas === undefined) throw new CliError('--replicas=COUNT is required, and COUNT must be greater than or equal to 0');
  const replicas = parseNonNegativeInt(opts.replicas, '--replicas');
  const current = opts.currentReplicas === undefined ? undefined : parseNonNegativeInt(opts.currentReplicas, '--current-replicas');
  for (const t of workloadTargets(ctx, args, SCALABLE, 'scale')) {
    await updateWithRetry<KubeObject & { spec: { replicas?: number } }>(ctx, t, (obj) => {
      const now = obj.spec.replicas ?? 1;
      if (current !== undefined && now !== current) {
        throw new CliError(`Expected replicas to be ${current}, was ${now}`);
      }
      obj.spec.replicas = replicas;
    });
    ctx.out(`${targetName(t)} scaled\n`);
  }
}

const EXAMPLES = `
Examples:
  # Scale a deployment to 3 replicas
  flotctl scale deploy/web --replicas=3

  # Scale only if it currently has 2
  flotctl scale --current-replicas=2 --replicas=3 deployment/web
`;

export function scaleCommand(program: Command, run: CommandRunner): Command {
  return program
    .command('scale')
    .description('Set a new size for a deployment, replica set or stateful set')
    .argument('<resource...>', 'TYPE NAME or TYPE/NAME')
    .option('--replicas <count>', 'The new desired number of replicas')
    .option('--current-replicas <count>', 'Precondition: only scale if the current size is this')
    .addHelpText('after', EXAMPLES)
    .action(async (resource: string[], opts: ScaleOptions, cmd: Command) => {
      await run(cmd, (ctx) => runScale(ctx, resource, opts));
    });
}
