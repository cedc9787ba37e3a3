// flotctl get: tables (optionally wide, with namespaces, labels, kinds),
// -o yaml|json|name, and -w to follow changes.
import { Command } from 'commander';
import { isApiError } from '../../api/errors.js';
import type { KubeObject } from '../../api/types/meta.js';
import { CliError, isUnreachable } from '../cli-error.js';
import type { CliContext, CommandRunner } from '../context.js';
import { collect } from '../flags.js';
import { formatObjects, parseOutputFormat } from '../object-output.js';
import { objectName, parseResourceArgs, type ParsedResourceArgs, type ResourceRequest } from '../resource-args.js';
import { renderTable } from '../table-printer.js';
import { requireResourceType } from './api-resources.js';
import { watchResources } from './get-watch.js';
import { namespaceFor, noResourcesMessage, tableOptions, type GetOptions } from './get-options.js';

interface Fetched {
  request: ResourceRequest;
  objects: KubeObject[];
}

function checkArgs(parsed: ParsedResourceArgs, opts: GetOptions): void {
  const named = parsed.requests.some((r) => r.names.length > 0);
  if (named && opts.selector) throw new CliError('name cannot be provided when a selector is specified');
  if (named && opts.allNamespaces) throw new CliError('a resource cannot be retrieved by name across all namespaces');
}

async function fetchAll(ctx: CliContext, parsed: ParsedResourceArgs, opts: GetOptions, errors: unknown[]): Promise<Fetched[]> {
  const fetched: Fetched[] = [];
  for (const request of parsed.requests) {
    const namespace = namespaceFor(ctx, request, opts.allNamespaces);
    if (request.names.length === 0) {
      const list = await ctx.client.list(request.info, { namespace, labelSelector: opts.selector, fieldSelector: opts.fieldSelector });
      fetched.push({ request, objects: list.items });
      continue;
    }
    const objects: KubeObject[] = [];
    for (const name of request.names) {
      try {
        objects.push(await ctx.client.get(request.info, namespace, name));
      } catch (err) {
        if (isUnreachable(err)) throw err;
        if (!(opts.ignoreNotFound && isApiError(err, 'NotFound'))) errors.push(err);
      }
    }
    fetched.push({ request, objects });
  }
  return fetched;
}

export async function runGet(ctx: CliContext, args: string[], opts: GetOptions): Promise<void> {
  requireResourceType(ctx, args, 'get');
  const output = parseOutputFormat(opts.output);
  const parsed = parseResourceArgs(args);
  checkArgs(parsed, opts);
  if (opts.watch || opts.watchOnly) {
    await watchResources(ctx, parsed, opts, output);
    return;
  }
  const errors: unknown[] = [];
  const fetched = await fetchAll(ctx, parsed, opts, errors);
  const all = fetched.flatMap((f) => f.objects);

  if (output === 'yaml' || output === 'json') {
    if (all.length > 0 || !parsed.singleObject) ctx.out(formatObjects(all, output, parsed.singleObject));
  } else if (output === 'name') {
    for (const f of fetched) for (const obj of f.objects) ctx.out(`${objectName(f.request.info, obj)}\n`);
  } else {
    const table = tableOptions(opts, parsed, output);
    const printed = fetched.filter((f) => f.objects.length > 0);
    printed.forEach((f, i) => {
      if (i > 0) ctx.out('\n');
      ctx.out(renderTable(f.request.info, f.objects, table));
    });
    const askedByName = parsed.requests.some((r) => r.names.length > 0);
    if (all.length === 0 && errors.length === 0 && !askedByName) ctx.err(noResourcesMessage(ctx, parsed, opts.allNamespaces));
  }
  for (const err of errors) ctx.report(err);
}

const EXAMPLES = `
Examples:
  # List all pods in the current namespace, with more columns
  flotctl get pods -o wide

  # List deployments and replica sets together
  flotctl get deploy,rs

  # One pod as YAML
  flotctl get pod web-1 -o yaml

  # Pods labelled app=nginx in every namespace, with their labels
  flotctl get pods -l app=nginx -A --show-labels

  # Pods on one node
  flotctl get pods --field-selector spec.nodeName=node-a

  # Everything workload-shaped in a namespace
  flotctl get all -n shop

  # Follow changes to pods
  flotctl get pods -w
`;

export function getCommand(program: Command, run: CommandRunner): Command {
  return program
    .command('get')
    .description('Display one or many resources')
    .argument('[resource...]', 'TYPE[,TYPE...] [NAME...] or TYPE/NAME ... (types by kind, plural or short name; "all" for workloads)')
    .option('-o, --output <format>', 'Output format: wide, yaml, json or name')
    .option('-l, --selector <selector>', 'Label selector to filter on, e.g. app=nginx,tier in (web,api),!canary')
    .option('--field-selector <selector>', 'Field selector to filter on, e.g. status.phase=Running')
    .option('-A, --all-namespaces', 'List the requested objects across all namespaces')
    .option('--show-labels', 'Show all labels as the last column')
    .option('--show-kind', 'Print the kind with each name (kind/name)')
    .option('-L, --label-columns <keys>', 'Labels to show as columns (comma-separated, repeatable)', collect)
    .option('-w, --watch', 'After listing, watch for changes and print a row per change')
    .option('--watch-only', 'Watch for changes without listing first')
    .option('--no-headers', 'Do not print headers')
    .option('--ignore-not-found', 'Treat "resource not found" as a successful retrieval')
    .addHelpText('after', EXAMPLES)
    .action(async (resource: string[], opts: GetOptions, cmd: Command) => {
      await run(cmd, (ctx) => runGet(ctx, resource, opts));
    });
}
