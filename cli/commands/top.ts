// flotctl top pods|nodes: the resource usage metrics.k8s.io serves, read over
// gRPC and printed with kubectl top's columns.
import { Command } from 'commander';
import { resources } from '../../api/resources.js';
import { CliError } from '../cli-error.js';
import type { CliContext, CommandRunner } from '../context.js';
import { nodeTopTable, podTopTable } from '../top-tables.js';

export interface TopPodOptions {
  allNamespaces?: boolean;
  containers?: boolean;
  selector?: string;
}

export async function runTopPods(ctx: CliContext, name: string | undefined, opts: TopPodOptions): Promise<void> {
  const allNamespaces = opts.allNamespaces === true;
  const namespace = allNamespaces ? '' : ctx.namespace;
  const list = await ctx.client.listPodMetrics(namespace, opts.selector ?? '');
  const items = name === undefined ? list.items : list.items.filter((p) => p.metadata.name === name);
  if (name !== undefined && items.length === 0) throw new CliError(`Error from server (NotFound): podmetrics.metrics.k8s.io "${namespace}/${name}" not found`);
  if (items.length === 0) {
    ctx.err(allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
    return;
  }
  ctx.out(podTopTable(items, { allNamespaces, containers: opts.containers === true }));
}

export async function runTopNodes(ctx: CliContext, name: string | undefined, opts: { selector?: string }): Promise<void> {
  const [nodes, metrics] = await Promise.all([
    ctx.client.list(resources.nodes, { labelSelector: opts.selector }),
    ctx.client.listNodeMetrics(opts.selector ?? ''),
  ]);
  const picked = name === undefined ? nodes.items : nodes.items.filter((n) => n.metadata.name === name);
  if (name !== undefined && picked.length === 0) throw new CliError(`Error from server (NotFound): nodes "${name}" not found`);
  if (picked.length === 0) throw new CliError('error: metrics not available yet');
  ctx.out(nodeTopTable(picked, metrics.items));
}

const EXAMPLES = `
Examples:
  # CPU and memory of the pods in the current namespace, and of their containers
  flotctl top pods
  flotctl top pods --containers

  # Every namespace, only the pods labelled app=web
  flotctl top pods -A -l app=web

  # The nodes, with their share of allocatable CPU and memory
  flotctl top nodes
`;

export function topCommand(program: Command, run: CommandRunner): Command {
  const top = program.command('top').description('Display resource (CPU/memory) usage of pods or nodes').addHelpText('after', EXAMPLES);
  top
    .command('pods')
    .alias('pod')
    .alias('po')
    .description('Display resource (CPU/memory) usage of pods')
    .argument('[name]', 'A pod to show alone')
    .option('-A, --all-namespaces', 'List the pods in every namespace')
    .option('--containers', 'Show each container of the pods')
    .option('-l, --selector <selector>', 'Label selector to filter on, e.g. app=nginx')
    .action(async (name: string | undefined, opts: TopPodOptions, cmd: Command) => {
      await run(cmd, (ctx) => runTopPods(ctx, name, opts));
    });
  top
    .command('nodes')
    .alias('node')
    .alias('no')
    .description('Display resource (CPU/memory) usage of nodes')
    .argument('[name]', 'A node to show alone')
    .option('-l, --selector <selector>', 'Label selector to filter on')
    .action(async (name: string | undefined, opts: { selector?: string }, cmd: Command) => {
      await run(cmd, (ctx) => runTopNodes(ctx, name, opts));
    });
  return top;
}
