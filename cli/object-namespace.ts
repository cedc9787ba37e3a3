// Which namespace an object from a manifest lands in: its own, else -n, else
// the config's; cluster-scoped objects have none.
import type { ResourceInfo } from '../api/resources.js';
import type { KubeObject } from '../api/types/meta.js';
import { CliError } from './cli-error.js';

export interface NamespaceChoice {
  namespace: string;
  /** -n was given: a manifest naming another namespace is refused, as kubectl refuses it. */
  explicit: boolean;
}

export function placeInNamespace(obj: KubeObject, info: ResourceInfo, choice: NamespaceChoice): KubeObject {
  const copy = structuredClone(obj);
  if (!info.namespaced) {
    delete copy.metadata.namespace;
    return copy;
  }
  const own = copy.metadata.namespace;
  if (own && choice.explicit && own !== choice.namespace) {
    throw new CliError(
      `the namespace from the provided object "${own}" does not match the namespace "${choice.namespace}". You must pass '--namespace=${own}' to perform this operation.`,
    );
  }
  copy.metadata.namespace = own || choice.namespace;
  return copy;
}
