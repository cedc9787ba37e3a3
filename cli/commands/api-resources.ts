// flotctl api-resources: the kinds this cluster serves and the names they go by.
import { Command } from 'commander';
import { apiVersionOf, RESOURCES } from '../../api/resources.js';
import type { CliContext, CommandRunner } from '../context.js';
import { CliError } from '../cli-error.js';
import { alignTabs, TABLE_LAYOUT } from '../tabwriter.js';

export function apiResourcesTable(): string {
  const lines = ['NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND'];
  const sorted = [...RESOURCES].sort((a, b) => a.plural.localeCompare(b.plural));
  for (const r of sorted) lines.push(`${r.plural}\t${r.shortNames.join(',')}\t${apiVersionOf(r)}\t${r.namespaced}\t${r.kind}`);
  return alignTabs(`${lines.join('\n')}\n`, TABLE_LAYOUT);
}

/** get and describe without a type: kubectl's hint, then the error. */
export function requireResourceType(ctx: CliContext, args: readonly string[], verb: string): void {
  if (args.length > 0) return;
  ctx.err(`You must specify the type of resource to ${verb}. Use "flotctl api-resources" for a complete list of supported resources.\n\n`);
  throw new CliError(`Required resource not specified.\nSee 'flotctl ${verb} -h' for help and examples`);
}

export function apiResourcesCommand(program: Command, run: CommandRunner): Command {
  return program
    .command('api-resources')
    .description('Print the supported API resources')
    .addHelpText('after', '\nExamples:\n  flotctl api-resources\n')
    .action(async (_opts: unknown, cmd: Command) => {
      await run(cmd, async (ctx) => ctx.out(apiResourcesTable()));
    });
}
