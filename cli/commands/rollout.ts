// flotctl rollout: status, history, undo, pause, resume and restart of
// deployments, daemon sets and stateful sets, as kubectl rollout.
import { Command } from 'commander';
import type { Deployment } from '../../api/types/apps.js';
import type { KubeObject } from '../../api/types/meta.js';
import type { PodTemplateSpec } from '../../api/types/pod.js';
import { CliError } from '../cli-error.js';
import type { CommandRunner, CliContext } from '../context.js';
import { parseDuration, parseNonNegativeInt } from '../flags.js';
import { formatHistory, formatRevision, revisionsOf, undoTarget } from './rollout-history.js';
import { rolloutStatusOf } from './rollout-status.js';
import { targetName, updateWithRetry, workloadTargets, type WorkloadTarget } from './workload-targets.js';

/** How often `rollout status` re-reads the object while waiting. */
export const ROLLOUT_STATUS_POLL_MS = 500;
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';
const ROLLING_KINDS = ['Deployment', 'DaemonSet', 'StatefulSet'];

interface StatusOptions {
  watch?: boolean;
  timeout?: string;
}

async function runStatus(ctx: CliContext, args: string[], opts: StatusOptions): Promise<void> {
  const [t] = workloadTargets(ctx, args, ROLLING_KINDS, 'rollout status');
  if (!t) return;
  const timeoutMs = opts.timeout ? parseDuration(opts.timeout) : 0;
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
  let last = '';
  for (;;) {
    const obj = await ctx.client.get<KubeObject>(t.info, t.namespace, t.name);
    const status = rolloutStatusOf(obj);
    if (status.message !== last) ctx.out(status.message);
    last = status.message;
    if (status.done || opts.watch === false) return;
    if (Date.now() >= deadline) throw new CliError('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, Math.min(ROLLOUT_STATUS_POLL_MS, Math.max(0, deadline - Date.now()))));
  }
}

async function runHistory(ctx: CliContext, args: string[], opts: { revision?: string }): Promise<void> {
  for (const t of workloadTargets(ctx, args, ROLLING_KINDS, 'rollout history')) {
    const obj = await ctx.client.get<KubeObject>(t.info, t.namespace, t.name);
    const revisions = await revisionsOf(ctx.client, obj);
    const wanted = opts.revision ? parseNonNegativeInt(opts.revision, '--revision') : 0;
    if (wanted > 0) {
      const found = revisions.find((r) => r.number === wanted);
      if (!found) throw new CliError(`unable to find the specified revision`);
      ctx.out(formatRevision(targetName(t), found));
      continue;
    }
    if (revisions.length === 0) {
      ctx.out(`No rollout history found.\n`);
      continue;
    }
    ctx.out(formatHistory(targetName(t), revisions));
  }
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function templateOf(obj: KubeObject): PodTemplateSpec {
  return (obj.spec as { template: PodTemplateSpec }).template;
}

async function runUndo(ctx: CliContext, args: string[], opts: { toRevision?: string }): Promise<void> {
  const to = opts.toRevision ? parseNonNegativeInt(opts.toRevision, '--to-revision') : 0;
  for (const t of workloadTargets(ctx, args, ROLLING_KINDS, 'rollout undo')) {
    const obj = await ctx.client.get<KubeObject>(t.info, t.namespace, t.name);
    if (obj.kind === 'Deployment' && (obj as Deployment).spec.paused) {
      throw new CliError(`you cannot rollback a paused deployment; resume it first with 'flotctl rollout resume ${targetName(t)}' and try again`);
    }
    const target = undoTarget(await revisionsOf(ctx.client, obj), to, obj);
    if (stableJson(target.template) === stableJson(templateOf(obj))) {
      ctx.out(`${targetName(t)} skipped rollback (current template already matches revision ${target.number})\n`);
      continue;
    }
    const patch: unknown[] = [{ op: 'replace', path: '/spec/template', value: target.template }];
    if (Object.keys(target.annotations).length > 0) {
      patch.push({ op: 'replace', path: '/metadata/annotations', value: { ...(obj.metadata.annotations ?? {}), ...target.annotations } });
    }
    await ctx.client.patch(t.info, t.namespace, t.name, 'json', patch);
    ctx.out(`${targetName(t)} rolled back\n`);
  }
}

async function setPaused(ctx: CliContext, args: string[], paused: boolean): Promise<void> {
  const verb = paused ? 'pause' : 'resume';
  for (const t of workloadTargets(ctx, args, ROLLING_KINDS, `rollout ${verb}`)) {
    if (t.info.kind !== 'Deployment') throw new CliError(`${t.info.plural}.${t.info.group} "${t.name}" ${paused ? 'pausing' : 'resuming'} is not supported`);
    const result = await updateWithRetry<Deployment>(ctx, t, (d) => {
      if (Boolean(d.spec.paused) === paused) return 'unchanged';
      d.spec.paused = paused;
    });
    if (result !== 'unchanged') ctx.out(`${targetName(t)} ${paused ? 'paused' : 'resumed'}\n`);
    else if (paused) ctx.out(`${targetName(t)} already paused\n`);
    else throw new CliError(`${t.info.plural}.${t.info.group} "${t.name}" is not paused`);
  }
}

async function runRestart(ctx: CliContext, args: string[]): Promise<void> {
  for (const t of workloadTargets(ctx, args, ROLLING_KINDS, 'rollout restart')) {
    await restartOne(ctx, t);
    ctx.out(`${targetName(t)} restarted\n`);
  }
}

async function restartOne(ctx: CliContext, t: WorkloadTarget): Promise<void> {
  await updateWithRetry<KubeObject>(ctx, t, (obj) => {
    if (obj.kind === 'Deployment' && (obj as Deployment).spec.paused) {
      throw new CliError(`can't restart paused deployment (run rollout resume first)`);
    }
    const template = templateOf(obj);
    template.metadata = { ...(template.metadata ?? {}), annotations: { ...(template.metadata?.annotations ?? {}), [RESTARTED_AT_ANNOTATION]: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') } };
  });
}

const EXAMPLES = `
Examples:
  # Watch a deployment's rollout until it finishes
  flotctl rollout status deployment/web

  # List the revisions, then go back to the previous one (or to revision 2)
  flotctl rollout history deployment/web
  flotctl rollout undo deployment/web
  flotctl rollout undo deployment/web --to-revision=2

  # Pause, change, resume; restart all pods
  flotctl rollout pause deployment/web
  flotctl rollout resume deployment/web
  flotctl rollout restart deployment/web
`;

export function rolloutCommand(program: Command, run: CommandRunner): Command {
  const rollout = program.command('rollout').description('Manage the rollout of a deployment, daemon set or stateful set').addHelpText('after', EXAMPLES);
  rollout
    .command('status')
    .description('Show the status of the rollout, waiting until it finishes')
    .argument('<resource...>', 'TYPE NAME or TYPE/NAME')
    .option('-w, --watch [bool]', 'Watch until the rollout finishes (default true)', (v: string) => v !== 'false', true)
    .option('--timeout <duration>', 'Give up after this long (e.g. 5m); 0 waits for ever', '0s')
    .action(async (args: string[], opts: StatusOptions, cmd: Command) => run(cmd, (ctx) => runStatus(ctx, args, opts)));
  rollout
    .command('history')
    .description('View the rollout history')
    .argument('<resource...>', 'TYPE NAME or TYPE/NAME')
    .option('--revision <n>', 'Show the details of one revision')
    .action(async (args: string[], opts: { revision?: string }, cmd: Command) => run(cmd, (ctx) => runHistory(ctx, args, opts)));
  rollout
    .command('undo')
    .description('Roll back to a previous revision')
    .argument('<resource...>', 'TYPE NAME or TYPE/NAME')
    .option('--to-revision <n>', 'The revision to go back to (0: the previous one)', '0')
    .action(async (args: string[], opts: { toRevision?: string }, cmd: Command) => run(cmd, (ctx) => runUndo(ctx, args, opts)));
  rollout
    .command('pause')
    .description('Pause a deployment: template changes wait until it is resumed')
    .argument('<resource...>', 'TYPE NAME or TYPE/NAME')
    .action(async (args: string[], _o: unknown, cmd: Command) => run(cmd, (ctx) => setPaused(ctx, args, true)));
  rollout
    .command('resume')
    .description('Resume a paused deployment')
    .argument('<resource...>', 'TYPE NAME or TYPE/NAME')
    .action(async (args: string[], _o: unknown, cmd: Command) => run(cmd, (ctx) => setPaused(ctx, args, false)));
  rollout
    .command('restart')
    .description('Restart all pods of a workload through a new rollout')
    .argument('<resource...>', 'TYPE NAME or TYPE/NAME')
    .action(async (args: string[], _o: unknown, cmd: Command) => run(cmd, (ctx) => runRestart(ctx, args)));
  return rollout;
}
