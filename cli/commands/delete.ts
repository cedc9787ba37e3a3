// flotctl delete: by name, from files, by selector or --all; waits until the
// objects are really gone unless --wait=false.
import { Command } from 'commander';
import { isApiError } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { DeleteOptions, KubeObject } from '../../api/types/meta.js';
import { CliError, isUnreachable } from '../cli-error.js';
import type { CliContext, CommandRunner } from '../context.js';
import { collect, dryRunSuffix, parseDryRun, parseDuration, type DryRun } from '../flags.js';
import { readManifests } from '../manifests.js';
import { targetOf } from '../manifest-target.js';
import { kindPrefix, parseResourceArgs } from '../resource-args.js';
import { waitUntilDeleted } from '../wait-deleted.js';

const CASCADE: Record<string, DeleteOptions['propagationPolicy']> = {
  background: 'Background',
  true: 'Background',
  foreground: 'Foreground',
  orphan: 'Orphan',
  false: 'Orphan',
};
/** --force --grace-period=0 skips graceful deletion; kubectl says so first. */
const FORCE_WARNING =
  'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';

export interface DeleteCommandOptions {
  filename?: string[];
  recursive?: boolean;
  selector?: string;
  fieldSelector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  gracePeriod?: string;
  now?: boolean;
  force?: boolean;
  wait?: boolean;
  timeout?: string;
  ignoreNotFound?: boolean;
  cascade?: string;
  dryRun?: string | boolean;
}

interface Target {
  info: ResourceInfo;
  namespace: string;
  name: string;
}

/** kubectl's rules: --now is grace 1; grace 0 without --force becomes 1; --force alone is 0. */
export function effectiveGracePeriod(opts: DeleteCommandOptions): number | undefined {
  let grace = opts.gracePeriod === undefined ? -1 : Number(opts.gracePeriod);
  if (!Number.isInteger(grace)) throw new CliError(`invalid value "${opts.gracePeriod}" for --grace-period`);
  if (opts.now) {
    if (grace !== -1) throw new CliError('--now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (grace === 0 && !opts.force) grace = 1;
  if (opts.force && grace < 0) grace = 0;
  return grace < 0 ? undefined : grace;
}

async function targetsFromArgs(ctx: CliContext, args: string[], opts: DeleteCommandOptions): Promise<Target[]> {
  const parsed = parseResourceArgs(args);
  const targets: Target[] = [];
  for (const request of parsed.requests) {
    const namespace = request.info.namespaced ? ctx.namespace : '';
    if (request.names.length > 0) {
      if (opts.selector || opts.all) throw new CliError('name cannot be provided when a selector is specified');
      for (const name of request.names) targets.push({ info: request.info, namespace, name });
      continue;
    }
    if (!opts.selector && !opts.fieldSelector && !opts.all) {
      throw new CliError('resource(s) were provided, but no name was specified');
    }
    const listNamespace = request.info.namespaced && !opts.allNamespaces ? ctx.namespace : '';
    const list = await ctx.client.list(request.info, { namespace: listNamespace, labelSelector: opts.selector, fieldSelector: opts.fieldSelector });
    for (const obj of list.items) {
      targets.push({ info: request.info, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '' });
    }
  }
  return targets;
}

function targetsFromFiles(ctx: CliContext, opts: DeleteCommandOptions): Target[] {
  const manifests = readManifests(opts.filename ?? [], { recursive: opts.recursive === true, readStdin: ctx.io.readStdin, allowGenerateName: false });
  const choice = { namespace: ctx.namespace, explicit: ctx.namespaceExplicit };
  return manifests.map((m) => {
    const t = targetOf(m, choice);
    return { info: t.info, namespace: t.object.metadata.namespace ?? '', name: t.object.metadata.name ?? '' };
  });
}

async function deleteOne(ctx: CliContext, target: Target, options: DeleteOptions, dryRun: DryRun, force: boolean): Promise<KubeObject | undefined> {
  const result = await ctx.client.delete(target.info, target.namespace, target.name, { ...options, dryRun: dryRun === 'server' });
  const verb = force && options.gracePeriodSeconds === 0 ? 'force deleted' : 'deleted';
  ctx.out(`${kindPrefix(target.info)} "${target.name}" ${verb}${dryRunSuffix(dryRun)}\n`);
  return result.deleted || dryRun !== 'none' ? undefined : result.object;
}

export async function runDelete(ctx: CliContext, args: string[], opts: DeleteCommandOptions): Promise<void> {
  const hasFiles = (opts.filename ?? []).length > 0;
  if (hasFiles && args.length > 0) throw new CliError('cannot specify both resource(s) and -f');
  if (!hasFiles && args.length === 0) {
    throw new CliError(
      "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  }
  const dryRun = parseDryRun(opts.dryRun);
  const grace = effectiveGracePeriod(opts);
  const timeoutMs = opts.timeout ? parseDuration(opts.timeout) : 0;
  const options: DeleteOptions = {};
  if (grace !== undefined) options.gracePeriodSeconds = grace;
  if (opts.cascade !== undefined) {
    const policy = CASCADE[opts.cascade];
    if (!policy) throw new CliError(`invalid cascade value (${opts.cascade}). Must be "background", "foreground", or "orphan"`);
    options.propagationPolicy = policy;
  }
  if (opts.force && grace === 0) ctx.err(FORCE_WARNING);

  const targets = hasFiles ? targetsFromFiles(ctx, opts) : await targetsFromArgs(ctx, args, opts);
  if (targets.length === 0) {
    ctx.out('No resources found\n');
    return;
  }
  const pending: { target: Target; uid: string | undefined }[] = [];
  for (const target of targets) {
    try {
      if (dryRun === 'client') {
        await ctx.client.get(target.info, target.namespace, target.name);
        ctx.out(`${kindPrefix(target.info)} "${target.name}" deleted${dryRunSuffix(dryRun)}\n`);
        continue;
      }
      const lingering = await deleteOne(ctx, target, options, dryRun, opts.force === true);
      if (lingering) pending.push({ target, uid: lingering.metadata.uid });
    } catch (err) {
      if (isUnreachable(err)) throw err;
      if (opts.ignoreNotFound && isApiError(err, 'NotFound')) continue;
      ctx.report(err);
    }
  }
  if (opts.wait === false) return;
  for (const { target, uid } of pending) {
    await waitUntilDeleted(ctx.client, target.info, target.namespace, target.name, uid, timeoutMs);
  }
}

const EXAMPLES = `
Examples:
  # Delete a pod and wait until it is gone
  flotctl delete pod web-1

  # Delete what a manifest describes
  flotctl delete -f examples/nginx-deployment.yaml

  # Delete pods by label, without waiting
  flotctl delete pods -l app=nginx --wait=false

  # Delete every pod in a namespace
  flotctl delete pods --all -n shop

  # Give a pod one second to stop
  flotctl delete pod web-1 --now

  # Remove a pod from the API at once, without waiting for its node
  flotctl delete pod web-1 --force --grace-period=0
`;

export function deleteCommand(program: Command, run: CommandRunner): Command {
  return program
    .command('delete')
    .description('Delete resources by file names, stdin, resources and names, or by resources and label selector')
    .argument('[resource...]', 'TYPE NAME..., TYPE/NAME..., or TYPE with -l / --all')
    .option('-f, --filename <path>', 'File, directory or - for stdin with the objects to delete (repeatable)', collect)
    .option('-R, --recursive', 'Process directories recursively')
    .option('-l, --selector <selector>', 'Delete the objects matching this label selector')
    .option('--field-selector <selector>', 'Delete the objects matching this field selector')
    .option('--all', 'Delete all objects of the given types in the namespace')
    .option('-A, --all-namespaces', 'With -l or --all, look in every namespace')
    .option('--grace-period <seconds>', 'Seconds the object gets to terminate gracefully (-1: its own default)')
    .option('--now', 'Signal the object to stop at once (grace period 1)')
    .option('--force', 'With --grace-period=0, remove the object from the API without waiting for it to stop')
    .option('--wait [bool]', 'Wait until the objects are gone (default true)', (v: string) => v !== 'false', true)
    .option('--timeout <duration>', 'How long to wait for deletion (e.g. 30s, 2m); 0 waits as long as it takes', '0s')
    .option('--ignore-not-found', 'Treat "resource not found" as a successful delete')
    .option('--cascade <policy>', 'background (default), foreground or orphan')
    .option('--dry-run [mode]', 'client: only print what would be deleted; server: let the server check without deleting')
    .addHelpText('after', EXAMPLES)
    .action(async (resource: string[], opts: DeleteCommandOptions, cmd: Command) => {
      await run(cmd, (ctx) => runDelete(ctx, resource, opts));
    });
}

