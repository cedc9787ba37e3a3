// flotctl get -w: the current table, then one row per change, as kubectl
// prints a watch (DELETED objects print their last state too).
import type { KubeObject } from '../../api/types/meta.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { toJson, toYaml, type OutputFormat } from '../object-output.js';
import { objectName, type ParsedResourceArgs } from '../resource-args.js';
import { columnWidths, renderRowWithWidths, tableHeader, tableRow } from '../table-printer.js';
import { namespaceFor, tableOptions, type GetOptions } from './get-options.js';

function joinSelectors(...parts: (string | undefined)[]): string {
  return parts.filter((p): p is string => Boolean(p)).join(',');
}

export async function watchResources(ctx: CliContext, parsed: ParsedResourceArgs, opts: GetOptions, output: OutputFormat): Promise<void> {
  if (parsed.requests.length !== 1) throw new CliError('you may only specify a single resource type');
  const [request] = parsed.requests;
  if (request.names.length > 1) {
    throw new CliError(`watch is only supported on individual resources and resource collections, but ${request.names.length} resources were found`);
  }
  const { info } = request;
  const namespace = namespaceFor(ctx, request, opts.allNamespaces);
  const fieldSelector = joinSelectors(opts.fieldSelector, request.names[0] ? `metadata.name=${request.names[0]}` : undefined);
  const list = await ctx.client.list(info, { namespace, labelSelector: opts.selector, fieldSelector });
  const table = tableOptions(opts, parsed, output);
  const tabular = output === 'table' || output === 'wide';

  const header = tableHeader(info, table);
  let widths: number[] = [];
  let headerPending = tabular && !table.noHeaders;
  const print = (objects: readonly KubeObject[]): void => {
    if (objects.length === 0) return;
    if (output === 'yaml') {
      for (const obj of objects) ctx.out(`---\n${toYaml(obj)}`);
      return;
    }
    if (output === 'json') {
      for (const obj of objects) ctx.out(toJson(obj));
      return;
    }
    if (output === 'name') {
      for (const obj of objects) ctx.out(`${objectName(info, obj)}\n`);
      return;
    }
    const rows = objects.map((obj) => tableRow(info, obj, { ...table, now: new Date() }));
    const block = headerPending ? [header, ...rows] : rows;
    const own = columnWidths(block);
    widths = own.map((w, i) => Math.max(w, widths[i] ?? 0));
    for (const cells of block) ctx.out(renderRowWithWidths(cells, widths));
    headerPending = false;
  };

  if (!opts.watchOnly) print(list.items);
  const stream = ctx.client.watch(info, {
    namespace,
    labelSelector: opts.selector,
    fieldSelector,
    resourceVersion: list.metadata.resourceVersion,
  });
  for await (const event of stream) {
    if (event.type === 'BOOKMARK') continue;
    print([event.object]);
  }
}
