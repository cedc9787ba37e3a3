// flotctl set image: changes container images in a workload's pod template
// (or a pod), as kubectl set image.
import { Command } from 'commander';
import type { KubeObject } from '../../api/types/meta.js';
import type { Container, PodSpec } from '../../api/types/pod.js';
import { CliError } from '../cli-error.js';
import type { CommandRunner, CliContext } from '../context.js';
import { targetName, updateWithRetry, workloadTargets } from './workload-targets.js';

const WITH_IMAGES = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Pod'];

/** `app=nginx:1.27` pairs; `*` names every container. */
export function parseImageArgs(pairs: readonly string[]): Map<string, string> {
  const images = new Map<string, string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new CliError(`invalid image argument "${pair}": use CONTAINER=IMAGE`);
    images.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  if (images.size === 0) throw new CliError('at least one image update is required');
  return images;
}

function podSpecOf(obj: KubeObject): PodSpec {
  if (obj.kind === 'Pod') return obj.spec as PodSpec;
  return (obj.spec as { template: { spec: PodSpec } }).template.spec;
}

/** Sets the images on `spec` in place; answers whether anything changed. Throws for a container that does not exist. */
export function applyImages(spec: PodSpec, images: Map<string, string>): boolean {
  const all: Container[] = [...(spec.initContainers ?? []), ...spec.containers];
  let changed = false;
  for (const [name, image] of images) {
    const targets = name === '*' ? all : all.filter((c) => c.name === name);
    if (targets.length === 0) throw new CliError(`unable to find container named "${name}"`);
    for (const c of targets) {
      if (c.image !== image) changed = true;
      c.image = image;
    }
  }
  return changed;
}

export async function runSetImage(ctx: CliContext, args: string[]): Promise<void> {
  const firstPair = args.findIndex((a) => a.includes('='));
  if (firstPair <= 0) throw new CliError('you must specify a resource and at least one CONTAINER=IMAGE pair');
  const images = parseImageArgs(args.slice(firstPair));
  for (const t of workloadTargets(ctx, args.slice(0, firstPair), WITH_IMAGES, 'set image')) {
    const result = await updateWithRetry<KubeObject>(ctx, t, (obj) => (applyImages(podSpecOf(obj), images) ? undefined : 'unchanged'));
    if (result !== 'unchanged') ctx.out(`${targetName(t)} image updated\n`);
  }
}

const EXAMPLES = `
Examples:
  # Set the image of the "app" container of a deployment
  flotctl set image deploy/web app=nginx:1.27

  # Set every container's image
  flotctl set image deploy/web '*=nginx:1.27'
`;

export function setCommand(program: Command, run: CommandRunner): Command {
  const set = program.command('set').description('Set specific features on objects');
  set
    .command('image')
    .description('Update the image of a pod template or pod')
    .argument('<args...>', 'TYPE NAME or TYPE/NAME, then CONTAINER=IMAGE pairs')
    .addHelpText('after', EXAMPLES)
    .action(async (args: string[], _opts: unknown, cmd: Command) => {
      await run(cmd, (ctx) => runSetImage(ctx, args));
    });
  return set;
}
