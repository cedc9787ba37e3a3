// What flotctl get and the commands that read like it (get -w, describe) share:
// the flags of get, where a request looks, and how its tables are laid out.
// Its own module so get-watch and describe need not import the get command,
// which imports get-watch.
import type { CliContext } from '../context.js';
import type { OutputFormat } from '../object-output.js';
import type { ParsedResourceArgs, ResourceRequest } from '../resource-args.js';
import { DEFAULT_TABLE_OPTIONS, type TableOptions } from '../table-printer.js';

export interface GetOptions {
  output?: string;
  selector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  showLabels?: boolean;
  showKind?: boolean;
  labelColumns?: string[];
  watch?: boolean;
  watchOnly?: boolean;
  headers?: boolean;
  ignoreNotFound?: boolean;
}

export function tableOptions(opts: GetOptions, parsed: ParsedResourceArgs, output: OutputFormat): TableOptions {
  return {
    ...DEFAULT_TABLE_OPTIONS,
    wide: output === 'wide',
    noHeaders: opts.headers === false,
    withNamespace: opts.allNamespaces === true,
    showLabels: opts.showLabels === true,
    withKind: parsed.multipleTypes || opts.showKind === true,
    labelColumns: (opts.labelColumns ?? []).flatMap((v) => v.split(',')).filter(Boolean),
    now: new Date(),
  };
}

export function namespaceFor(ctx: CliContext, request: ResourceRequest, allNamespaces: boolean | undefined): string {
  if (!request.info.namespaced) return '';
  return allNamespaces ? '' : ctx.namespace;
}

/** kubectl's message when a listing comes back empty, with the namespace it looked in. */
export function noResourcesMessage(ctx: CliContext, parsed: ParsedResourceArgs, allNamespaces: boolean | undefined): string {
  const namespaced = parsed.requests.some((r) => r.info.namespaced);
  return allNamespaces || !namespaced ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`;
}
