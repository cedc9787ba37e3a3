// flotctl apply -f: create what is missing, three-way merge what exists.
import { Command } from 'commander';
import type { KubeObject } from '../../api/types/meta.js';
import { applyErrorContext, applyObject, ApplyStepError, missingLastAppliedWarning } from '../apply-object.js';
import { isUnreachable } from '../cli-error.js';
import type { CliContext, CommandRunner } from '../context.js';
import { collect, dryRunSuffix, parseDryRun } from '../flags.js';
import { forEachManifestTarget, requireFilenames } from '../manifest-target.js';
import { formatObjects, parseOutputFormat } from '../object-output.js';
import { objectName } from '../resource-args.js';

export interface ApplyOptions {
  filename?: string[];
  recursive?: boolean;
  dryRun?: string | boolean;
  output?: string;
}

export async function runApply(ctx: CliContext, opts: ApplyOptions): Promise<void> {
  const files = requireFilenames(opts.filename);
  const dryRun = parseDryRun(opts.dryRun);
  const output = parseOutputFormat(opts.output, ['json', 'name', 'yaml']);
  const results: KubeObject[] = [];
  await forEachManifestTarget(ctx, files, { recursive: opts.recursive === true, allowGenerateName: false, verb: 'apply' }, async (target) => {
    try {
      const result = await applyObject(ctx.client, target.info, target.object, dryRun);
      if (result.missingLastApplied) ctx.err(missingLastAppliedWarning(target.info, target.object));
      if (output === 'yaml' || output === 'json') results.push(result.object);
      else if (output === 'name') ctx.out(`${objectName(target.info, result.object)}\n`);
      else ctx.out(`${objectName(target.info, target.object)} ${result.action}${dryRunSuffix(dryRun)}\n`);
    } catch (err) {
      const cause = err instanceof ApplyStepError ? err.cause : err;
      if (isUnreachable(cause)) throw cause;
      ctx.report(cause, err instanceof ApplyStepError ? applyErrorContext(err, target.info, target.object, target.source) : '');
    }
  });
  if ((output === 'yaml' || output === 'json') && results.length > 0) ctx.out(formatObjects(results, output, true));
}

const EXAMPLES = `
Examples:
  # Apply the objects in a file
  flotctl apply -f examples/nginx-deployment.yaml

  # Apply every manifest in a directory tree
  flotctl apply -R -f manifests/

  # Apply from stdin
  cat pod.yaml | flotctl apply -f -

  # See what the server would store, without storing it
  flotctl apply -f pod.yaml --dry-run=server -o yaml
`;

export function applyCommand(program: Command, run: CommandRunner): Command {
  return program
    .command('apply')
    .description('Apply a configuration to resources by file name or stdin (create or three-way merge)')
    .option('-f, --filename <path>', 'File, directory or - for stdin (repeatable)', collect)
    .option('-R, --recursive', 'Process directories recursively')
    .option('--dry-run [mode]', 'client: only print what would be sent; server: let the server check without storing')
    .option('-o, --output <format>', 'Output format: yaml, json or name')
    .addHelpText('after', EXAMPLES)
    .action(async (opts: ApplyOptions, cmd: Command) => {
      await run(cmd, (ctx) => runApply(ctx, opts));
    });
}
