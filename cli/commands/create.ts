// flotctl create -f, create deployment, create job, create cronjob, create
// configmap and create secret generic.
import { Command } from 'commander';
import type { KubeObject } from '../../api/types/meta.js';
import { resourceForKind, resources, type ResourceInfo } from '../../api/resources.js';
import type { CronJob } from '../../api/types/batch.js';
import { CliError, isUnreachable } from '../cli-error.js';
import type { CliContext, CommandRunner } from '../context.js';
import { collect, dryRunSuffix, parseDryRun, parseNonNegativeInt, type DryRun } from '../flags.js';
import { buildConfigMap, buildSecret, type ConfigSourceFlags } from '../config-sources.js';
import { buildDeployment, parsePort, type RestartPolicy } from '../generators.js';
import { buildCronJob, buildJob, CRONJOB_DEFAULT_RESTART, jobFromCronJob } from '../job-generators.js';
import { withLastApplied } from '../last-applied.js';
import { forEachManifestTarget, requireFilenames } from '../manifest-target.js';
import { formatObjects, parseOutputFormat, type OutputFormat } from '../object-output.js';
import { placeInNamespace } from '../object-namespace.js';
import { objectName, resolveKind } from '../resource-args.js';

export interface CreateOptions {
  filename?: string[];
  recursive?: boolean;
  dryRun?: string | boolean;
  output?: string;
  saveConfig?: boolean;
}

/**
 * Creates one object (or only prints it for --dry-run=client) and reports it
 * as kubectl does; shared by create, create deployment and run.
 */
export async function createAndReport(
  ctx: CliContext,
  info: ResourceInfo,
  obj: KubeObject,
  dryRun: DryRun,
  output: OutputFormat,
  verb = 'created',
): Promise<KubeObject> {
  const created = dryRun === 'client' ? obj : await ctx.client.create(info, obj, { dryRun: dryRun === 'server' });
  if (output === 'name') ctx.out(`${objectName(info, created)}\n`);
  else if (output === 'table') ctx.out(`${objectName(info, created)} ${verb}${dryRunSuffix(dryRun)}\n`);
  return created;
}

/** Creates an object a generator built (create deployment, run) and prints it as -o asks. */
export async function createGenerated(ctx: CliContext, generated: KubeObject, dryRun: DryRun, output: OutputFormat, verb = 'created'): Promise<void> {
  const info = resourceForKind(generated.apiVersion, generated.kind);
  // Client dry runs print exactly what kubectl would send, without a namespace the user did not ask for.
  const obj = dryRun === 'client' && !ctx.namespaceExplicit ? generated : placeInNamespace(generated, info, { namespace: ctx.namespace, explicit: false });
  const created = await createAndReport(ctx, info, obj, dryRun, output, verb);
  if (output === 'yaml' || output === 'json') ctx.out(formatObjects([created], output, true));
}

export async function runCreateFromFiles(ctx: CliContext, opts: CreateOptions): Promise<void> {
  const files = requireFilenames(opts.filename);
  const dryRun = parseDryRun(opts.dryRun);
  const output = parseOutputFormat(opts.output, ['json', 'name', 'yaml']);
  const results: KubeObject[] = [];
  await forEachManifestTarget(ctx, files, { recursive: opts.recursive === true, allowGenerateName: true, verb: 'create' }, async (target) => {
    const body = opts.saveConfig ? withLastApplied(target.object) : target.object;
    try {
      results.push(await createAndReport(ctx, target.info, body, dryRun, output));
    } catch (err) {
      if (isUnreachable(err)) throw err;
      ctx.report(err, `error when creating "${target.source}": `);
    }
  });
  if ((output === 'yaml' || output === 'json') && results.length > 0) ctx.out(formatObjects(results, output, true));
}

export interface CreateDeploymentOptions {
  image?: string[];
  replicas?: string;
  port?: string;
  dryRun?: string | boolean;
  output?: string;
}

export async function runCreateDeployment(ctx: CliContext, name: string, command: string[], opts: CreateDeploymentOptions): Promise<void> {
  const images = opts.image ?? [];
  if (images.length === 0) throw new CliError('required flag(s) "image" not set');
  const dryRun = parseDryRun(opts.dryRun);
  const output = parseOutputFormat(opts.output, ['json', 'name', 'yaml']);
  const deployment = buildDeployment({
    name,
    images,
    replicas: opts.replicas === undefined ? 1 : parseNonNegativeInt(opts.replicas, '--replicas'),
    port: parsePort(opts.port),
    command,
  });
  await createGenerated(ctx, deployment, dryRun, output);
}

export interface CreateJobOptions {
  image?: string;
  from?: string;
  dryRun?: string | boolean;
  output?: string;
}

/** The CronJob `--from=cronjob/x` names; kubectl accepts only a CronJob there. */
async function cronJobFrom(ctx: CliContext, from: string): Promise<CronJob> {
  const slash = from.indexOf('/');
  if (slash <= 0 || slash === from.length - 1) throw new CliError(`from must be an existing cronjob: ${from}`);
  const info = resolveKind(from.slice(0, slash));
  if (info.kind !== 'CronJob') throw new CliError(`from must be an existing cronjob: ${from}`);
  return ctx.client.get<CronJob>(resources.cronJobs, ctx.namespace, from.slice(slash + 1));
}

export async function runCreateJob(ctx: CliContext, name: string, command: string[], opts: CreateJobOptions): Promise<void> {
  const image = opts.image ?? '';
  const from = opts.from ?? '';
  if ((image === '') === (from === '')) throw new CliError('either --image or --from must be specified');
  if (from !== '' && command.length > 0) throw new CliError('cannot specify --from and command');
  const dryRun = parseDryRun(opts.dryRun);
  const output = parseOutputFormat(opts.output, ['json', 'name', 'yaml']);
  const job = from === '' ? buildJob(name, image, command) : jobFromCronJob(name, await cronJobFrom(ctx, from));
  await createGenerated(ctx, job, dryRun, output);
}

export interface CreateCronJobOptions {
  image?: string;
  schedule?: string;
  restart?: string;
  dryRun?: string | boolean;
  output?: string;
}

export async function runCreateCronJob(ctx: CliContext, name: string, command: string[], opts: CreateCronJobOptions): Promise<void> {
  if (!opts.image) throw new CliError('required flag(s) "image" not set');
  if (!opts.schedule) throw new CliError('required flag(s) "schedule" not set');
  const restart = (opts.restart ?? CRONJOB_DEFAULT_RESTART) as RestartPolicy;
  if (restart !== 'OnFailure' && restart !== 'Never') throw new CliError(`invalid restart policy: ${opts.restart}`);
  const dryRun = parseDryRun(opts.dryRun);
  const output = parseOutputFormat(opts.output, ['json', 'name', 'yaml']);
  await createGenerated(ctx, buildCronJob(name, opts.image, opts.schedule, restart, command), dryRun, output);
}

export interface CreateConfigOptions extends ConfigSourceFlags {
  type?: string;
  dryRun?: string | boolean;
  output?: string;
}

export async function runCreateConfigMap(ctx: CliContext, name: string, opts: CreateConfigOptions): Promise<void> {
  await createGenerated(ctx, buildConfigMap(name, opts), parseDryRun(opts.dryRun), parseOutputFormat(opts.output, ['json', 'name', 'yaml']));
}

export async function runCreateSecretGeneric(ctx: CliContext, name: string, opts: CreateConfigOptions): Promise<void> {
  await createGenerated(ctx, buildSecret(name, opts.type, opts), parseDryRun(opts.dryRun), parseOutputFormat(opts.output, ['json', 'name', 'yaml']));
}

/** The flags configmap and secret generic share, as kubectl spells them. */
function configSourceCommand(command: Command): Command {
  return command
    .argument('<name>', 'Name of the object')
    .option('--from-literal <key=value>', 'A key and literal value (repeatable)', collect)
    .option('--from-file <[key=]path>', 'A file (key: its name unless given) or a directory (one key per file) (repeatable)', collect)
    .option('--from-env-file <path>', 'A file of KEY=value lines (repeatable)', collect)
    .option('--dry-run [mode]', 'client: only print the object; server: let the server check without storing')
    .option('-o, --output <format>', 'Output format: yaml, json or name');
}

const CONFIGMAP_EXAMPLES = `
Examples:
  # A configmap from literal values
  flotctl create configmap app-config --from-literal=LOG_LEVEL=debug --from-literal=MODE=fast

  # A configmap holding a file under its own name, and another under the key app.conf
  flotctl create configmap app-config --from-file=nginx.conf --from-file=app.conf=conf/app.properties

  # A configmap from an env file of KEY=value lines
  flotctl create configmap app-env --from-env-file=app.env
`;

const SECRET_EXAMPLES = `
Examples:
  # A secret from literal values
  flotctl create secret generic db-creds --from-literal=username=admin --from-literal=password=s3cr3t

  # A secret from every file of a directory
  flotctl create secret generic tls-files --from-file=./certs
`;

const JOB_EXAMPLES = `
Examples:
  # A job that prints hi and ends
  flotctl create job hello --image flotilla/busybox:1.35 -- sh -c 'echo hi'

  # Run a cronjob's template now, as a job named manual-run
  flotctl create job manual-run --from=cronjob/nightly
`;

const CRONJOB_EXAMPLES = `
Examples:
  # A cronjob printing the date every five minutes
  flotctl create cronjob ticker --image flotilla/busybox:1.35 --schedule='*/5 * * * *' -- date
`;

const CREATE_EXAMPLES = `
Examples:
  # Create the objects in a file
  flotctl create -f examples/pod.yaml

  # Create a deployment running nginx with three replicas
  flotctl create deployment web --image flotilla/nginx:1.22 --replicas 3 --port 80

  # Print the deployment create would send, without sending it
  flotctl create deployment web --image flotilla/nginx:1.22 --dry-run=client -o yaml
`;

const DEPLOYMENT_EXAMPLES = `
Examples:
  # A deployment named web running flotilla/nginx:1.22
  flotctl create deployment web --image flotilla/nginx:1.22

  # Three replicas exposing port 80
  flotctl create deployment web --image flotilla/nginx:1.22 --replicas 3 --port 80

  # A command for the container, after --
  flotctl create deployment sleeper --image flotilla/busybox:latest -- sleep 3600
`;

export function createCommand(program: Command, run: CommandRunner): Command {
  const create = program
    .command('create')
    .description('Create a resource from a file or from stdin, or a deployment from flags')
    .option('-f, --filename <path>', 'File, directory or - for stdin (repeatable)', collect)
    .option('-R, --recursive', 'Process directories recursively')
    .option('--save-config', 'Store the configuration in the last-applied annotation, so a later apply can merge')
    .option('--dry-run [mode]', 'client: only print the object; server: let the server check without storing')
    .option('-o, --output <format>', 'Output format: yaml, json or name')
    .addHelpText('after', CREATE_EXAMPLES)
    .action(async (opts: CreateOptions, cmd: Command) => {
      await run(cmd, (ctx) => runCreateFromFiles(ctx, opts));
    });
  create
    .command('deployment')
    .alias('deploy')
    .description('Create a deployment with the specified name')
    .argument('<name>', 'Name of the deployment')
    .argument('[command...]', 'Command for the containers, after --')
    .option('--image <image>', 'Image for a container (repeatable: one container each)', collect)
    .option('--replicas <n>', 'Number of replicas', '1')
    .option('--port <port>', 'The port the first container exposes')
    .option('--dry-run [mode]', 'client: only print the object; server: let the server check without storing')
    .option('-o, --output <format>', 'Output format: yaml, json or name')
    .addHelpText('after', DEPLOYMENT_EXAMPLES)
    .action(async (name: string, command: string[], opts: CreateDeploymentOptions, cmd: Command) => {
      await run(cmd, (ctx) => runCreateDeployment(ctx, name, command, opts));
    });
  create
    .command('job')
    .description('Create a job with the specified name, from an image or from a cronjob')
    .argument('<name>', 'Name of the job')
    .argument('[command...]', 'Command for the container, after --')
    .option('--image <image>', 'Image for the container')
    .option('--from <cronjob/name>', 'The cronjob whose template the job copies')
    .option('--dry-run [mode]', 'client: only print the object; server: let the server check without storing')
    .option('-o, --output <format>', 'Output format: yaml, json or name')
    .addHelpText('after', JOB_EXAMPLES)
    .action(async (name: string, command: string[], opts: CreateJobOptions, cmd: Command) => {
      await run(cmd, (ctx) => runCreateJob(ctx, name, command, opts));
    });
  create
    .command('cronjob')
    .alias('cj')
    .description('Create a cronjob with the specified name')
    .argument('<name>', 'Name of the cronjob')
    .argument('[command...]', 'Command for the container, after --')
    .option('--image <image>', 'Image for the container')
    .option('--schedule <cron>', 'A schedule in the Cron format the job should be run with')
    .option('--restart <policy>', "The job's pods' restart policy: OnFailure or Never", CRONJOB_DEFAULT_RESTART)
    .option('--dry-run [mode]', 'client: only print the object; server: let the server check without storing')
    .option('-o, --output <format>', 'Output format: yaml, json or name')
    .addHelpText('after', CRONJOB_EXAMPLES)
    .action(async (name: string, command: string[], opts: CreateCronJobOptions, cmd: Command) => {
      await run(cmd, (ctx) => runCreateCronJob(ctx, name, command, opts));
    });
  configSourceCommand(create.command('configmap').alias('cm').description('Create a configmap from files, directories, env files or literal values'))
    .addHelpText('after', CONFIGMAP_EXAMPLES)
    .action(async (name: string, opts: CreateConfigOptions, cmd: Command) => {
      await run(cmd, (ctx) => runCreateConfigMap(ctx, name, opts));
    });
  const secret = create.command('secret').description('Create a secret (generic)');
  configSourceCommand(secret.command('generic').description('Create a secret from files, directories, env files or literal values'))
    .option('--type <type>', 'The type of the secret (Opaque unless given)')
    .addHelpText('after', SECRET_EXAMPLES)
    .action(async (name: string, opts: CreateConfigOptions, cmd: Command) => {
      await run(cmd, (ctx) => runCreateSecretGeneric(ctx, name, opts));
    });
  return create;
}
