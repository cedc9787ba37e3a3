// flotctl expose and create service clusterip|nodeport: Services built as kubectl builds them.
import { Command } from 'commander';
import type { ServiceProtocol, ServiceType } from '../../api/types/service.js';
import { CliError } from '../cli-error.js';
import type { CliContext, CommandRunner } from '../context.js';
import { collect, parseDryRun } from '../flags.js';
import { parsePort } from '../generators.js';
import { parseOutputFormat } from '../object-output.js';
import { buildExposedService, buildService } from '../service-generators.js';
import { createGenerated } from './create.js';
import { workloadTargets } from './workload-targets.js';

const EXPOSABLE = ['Deployment', 'ReplicaSet', 'StatefulSet', 'Pod', 'Service'];
const PROTOCOLS: readonly ServiceProtocol[] = ['TCP', 'UDP', 'SCTP'];
const TYPES: readonly ServiceType[] = ['ClusterIP', 'NodePort', 'LoadBalancer'];

export interface ExposeFlags {
  port?: string;
  targetPort?: string;
  name?: string;
  protocol?: string;
  type?: string;
  dryRun?: string | boolean;
  output?: string;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!found) throw new CliError(`invalid ${flag} "${value}": supported values are ${allowed.join(', ')}`);
  return found;
}

export async function runExpose(ctx: CliContext, args: string[], flags: ExposeFlags): Promise<void> {
  const dryRun = parseDryRun(flags.dryRun);
  const output = parseOutputFormat(flags.output, ['json', 'name', 'yaml']);
  const targets = workloadTargets(ctx, args, EXPOSABLE, 'expose');
  if (targets.length !== 1) throw new CliError('expose takes exactly one resource');
  const t = targets[0]!;
  const obj = await ctx.client.get(t.info, t.namespace, t.name);
  const service = buildExposedService(obj, {
    name: flags.name,
    port: parsePort(flags.port),
    targetPort: flags.targetPort,
    protocol: oneOf(flags.protocol, PROTOCOLS, '--protocol') ?? 'TCP',
    type: oneOf(flags.type, TYPES, '--type'),
  });
  await createGenerated(ctx, service, dryRun, output, 'exposed');
}

export interface CreateServiceFlags {
  tcp?: string[];
  nodePort?: string;
  clusterip?: string;
  dryRun?: string | boolean;
  output?: string;
}

export async function runCreateService(ctx: CliContext, type: ServiceType, name: string, flags: CreateServiceFlags): Promise<void> {
  const tcp = flags.tcp ?? [];
  if (tcp.length === 0 && flags.clusterip !== 'None') throw new CliError('at least one tcp port specifier must be provided');
  const service = buildService({ name, type, tcp, nodePort: parsePort(flags.nodePort), clusterIP: flags.clusterip });
  await createGenerated(ctx, service, parseDryRun(flags.dryRun), parseOutputFormat(flags.output, ['json', 'name', 'yaml']));
}

const EXPOSE_EXAMPLES = `
Examples:
  # A ClusterIP Service on port 80 in front of the pods of deployment web
  flotctl expose deployment web --port=80

  # A NodePort Service forwarding port 80 to the pods' port named http
  flotctl expose deployment web --port=80 --target-port=http --type=NodePort --name=web-np
`;

export function exposeCommand(program: Command, create: Command, run: CommandRunner): void {
  program
    .command('expose')
    .description('Expose a deployment, replica set, stateful set, pod or service as a new Service')
    .argument('<resource...>', 'TYPE NAME or TYPE/NAME')
    .option('--port <port>', 'The port the Service serves on (default: the container ports)')
    .option('--target-port <port>', "The pods' port (number or name) the Service forwards to (default: --port)")
    .option('--name <name>', 'The name of the Service (default: the exposed object)')
    .option('--protocol <protocol>', 'TCP, UDP or SCTP', 'TCP')
    .option('--type <type>', 'ClusterIP, NodePort or LoadBalancer')
    .option('--dry-run [mode]', 'client: only print the object; server: let the server check without storing')
    .option('-o, --output <format>', 'Output format: yaml, json or name')
    .addHelpText('after', EXPOSE_EXAMPLES)
    .action(async (args: string[], flags: ExposeFlags, cmd: Command) => {
      await run(cmd, (ctx) => runExpose(ctx, args, flags));
    });
  const service = create.command('service').alias('svc').description('Create a Service of a given type');
  const variants: [string, ServiceType][] = [
    ['clusterip', 'ClusterIP'],
    ['nodeport', 'NodePort'],
  ];
  for (const [sub, type] of variants) {
    const command = service
      .command(sub)
      .description(`Create a ${type} Service`)
      .argument('<name>', 'Name of the Service')
      .option('--tcp <port:targetPort>', 'A port and the port it forwards to (repeatable)', collect)
      .option('--dry-run [mode]', 'client: only print the object; server: let the server check without storing')
      .option('-o, --output <format>', 'Output format: yaml, json or name');
    if (type === 'NodePort') command.option('--node-port <port>', 'The port on every node (default: allocated)');
    else command.option('--clusterip <ip>', 'The ClusterIP to ask for, or None for a headless Service');
    command.action(async (name: string, flags: CreateServiceFlags, cmd: Command) => {
      await run(cmd, (ctx) => runCreateService(ctx, type, name, flags));
    });
  }
}
