// flotctl describe: a readable report of objects and their events.
import { Command } from 'commander';
import { isApiError } from '../../api/errors.js';
import type { KubeObject } from '../../api/types/meta.js';
import { CliError, isUnreachable } from '../cli-error.js';
import type { CliContext, CommandRunner } from '../context.js';
import { describeObject } from '../describe/index.js';
import { parseResourceArgs, type ResourceRequest } from '../resource-args.js';
import { requireResourceType } from './api-resources.js';
import { namespaceFor, noResourcesMessage } from './get-options.js';

/** Between two descriptions kubectl leaves two blank lines. */
const SEPARATOR = '\n\n';

export interface DescribeOptions {
  selector?: string;
  allNamespaces?: boolean;
}

/** An exact name, else (as kubectl) every object whose name starts with it. */
async function byNameOrPrefix(ctx: CliContext, request: ResourceRequest, namespace: string, name: string): Promise<KubeObject[]> {
  try {
    return [await ctx.client.get(request.info, namespace, name)];
  } catch (err) {
    if (!isApiError(err, 'NotFound')) throw err;
    const list = await ctx.client.list(request.info, { namespace });
    const matches = list.items.filter((o) => (o.metadata.name ?? '').startsWith(name));
    if (matches.length === 0) throw err;
    return matches;
  }
}

export async function runDescribe(ctx: CliContext, args: string[], opts: DescribeOptions): Promise<void> {
  requireResourceType(ctx, args, 'describe');
  const parsed = parseResourceArgs(args);
  if (opts.selector && parsed.requests.some((r) => r.names.length > 0)) {
    throw new CliError('name cannot be provided when a selector is specified');
  }
  const now = new Date();
  let printed = 0;
  const errors: unknown[] = [];
  for (const request of parsed.requests) {
    const namespace = namespaceFor(ctx, request, opts.allNamespaces);
    const objects: KubeObject[] = [];
    if (request.names.length === 0) {
      objects.push(...(await ctx.client.list(request.info, { namespace, labelSelector: opts.selector })).items);
    }
    for (const name of request.names) {
      try {
        objects.push(...(await byNameOrPrefix(ctx, request, namespace, name)));
      } catch (err) {
        if (isUnreachable(err)) throw err;
        errors.push(err);
      }
    }
    for (const obj of objects) {
      const text = await describeObject(ctx.client, request.info, obj, now);
      ctx.out(`${printed > 0 ? SEPARATOR : ''}${text}`);
      printed++;
    }
  }
  const askedByName = parsed.requests.some((r) => r.names.length > 0);
  if (printed === 0 && errors.length === 0 && !askedByName) ctx.err(noResourcesMessage(ctx, parsed, opts.allNamespaces));
  for (const err of errors) ctx.report(err);
}

const EXAMPLES = `
Examples:
  # Describe a pod: containers, conditions, volumes and its events
  flotctl describe pod web-1

  # Describe a deployment
  flotctl describe deployment/nginx-deployment

  # Describe every pod whose name starts with nginx-deployment
  flotctl describe pods nginx-deployment

  # Describe the pods labelled app=nginx
  flotctl describe pods -l app=nginx

  # Describe a node: conditions, capacity, its pods
  flotctl describe node node-a
`;

export function describeCommand(program: Command, run: CommandRunner): Command {
  return program
    .command('describe')
    .description('Show details of a specific resource or group of resources')
    .argument('[resource...]', 'TYPE [NAME_PREFIX...] or TYPE/NAME ...')
    .option('-l, --selector <selector>', 'Describe the objects matching this label selector')
    .option('-A, --all-namespaces', 'Look in every namespace')
    .addHelpText('after', EXAMPLES)
    .action(async (resource: string[], opts: DescribeOptions, cmd: Command) => {
      await run(cmd, (ctx) => runDescribe(ctx, resource, opts));
    });
}
