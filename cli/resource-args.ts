// Turns what a user types after `get`, `describe` or `delete` into resources
// and names, as kubectl reads them: `pods`, `po web-1 web-2`, `deploy,rs`,
// `pod/web-1 deployment/web`, `all`.
import { findResource, RESOURCES, type ResourceInfo } from '../api/resources.js';
import type { KubeObject } from '../api/types/meta.js';
import { CliError } from './cli-error.js';

export interface ResourceRequest {
  info: ResourceInfo;
  /** Empty: every object of the kind (filtered by selectors). */
  names: string[];
}

export interface ParsedResourceArgs {
  requests: ResourceRequest[];
  /** More than one kind was asked for, so names print as `kind/name` (kubectl's MultipleTypesRequested). */
  multipleTypes: boolean;
  /** Exactly one object by name: -o yaml/json print it alone rather than a List. */
  singleObject: boolean;
}

const ALL_CATEGORY = 'all';

export function resolveKind(name: string): ResourceInfo {
  const info = findResource(name);
  if (!info) throw new CliError(`the server doesn't have a resource type "${name}"`);
  return info;
}

function expandTypes(text: string): ResourceInfo[] {
  const infos: ResourceInfo[] = [];
  for (const part of text.split(',')) {
    if (part === '') continue;
    const found = part === ALL_CATEGORY ? RESOURCES.filter((r) => r.categories.includes(ALL_CATEGORY)) : [resolveKind(part)];
    for (const info of found) if (!infos.includes(info)) infos.push(info);
  }
  return infos;
}

export function parseResourceArgs(args: readonly string[]): ParsedResourceArgs {
  if (args.length === 0) {
    throw new CliError('Required resource not specified.');
  }
  if (args.some((a) => a.includes('/'))) return parseSlashForm(args);

  const [types, ...names] = args;
  const infos = expandTypes(types);
  if (infos.length === 0) throw new CliError('Required resource not specified.');
  const multipleTypes = types.split(',').filter(Boolean).length > 1 || types.split(',').includes(ALL_CATEGORY);
  if (multipleTypes && types.split(',').includes(ALL_CATEGORY) && names.length > 0) {
    throw new CliError('you must specify only one resource type when asking for objects by name with "all"');
  }
  return {
    requests: infos.map((info) => ({ info, names: [...names] })),
    multipleTypes,
    singleObject: infos.length === 1 && names.length === 1,
  };
}

function parseSlashForm(args: readonly string[]): ParsedResourceArgs {
  const requests: ResourceRequest[] = [];
  const typesSeen = new Set<string>();
  let count = 0;
  for (const arg of args) {
    const slash = arg.indexOf('/');
    if (slash <= 0 || slash === arg.length - 1) {
      throw new CliError(
        `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'flotctl get resource/<resource_name>' instead of 'flotctl get resource resource/<resource_name>'`,
      );
    }
    const typeText = arg.slice(0, slash);
    const info = resolveKind(typeText);
    typesSeen.add(typeText);
    let request = requests.find((r) => r.info === info);
    if (!request) {
      request = { info, names: [] };
      requests.push(request);
    }
    request.names.push(arg.slice(slash + 1));
    count++;
  }
  return { requests, multipleTypes: typesSeen.size > 1, singleObject: count === 1 };
}

/** `pod`, `deployment.apps`: the prefix of kubectl's `kind/name` names. */
export function kindPrefix(info: ResourceInfo): string {
  const kind = info.kind.toLowerCase();
  return info.group ? `${kind}.${info.group}` : kind;
}

/** `deployment.apps/web`, as `-o name` prints it. */
export function objectName(info: ResourceInfo, obj: KubeObject): string {
  return `${kindPrefix(info)}/${obj.metadata.name ?? ''}`;
}

/** `deployments.apps`: the plural with its group, as error and delete messages name a resource. */
export function qualifiedPlural(info: ResourceInfo): string {
  return info.group ? `${info.plural}.${info.group}` : info.plural;
}
