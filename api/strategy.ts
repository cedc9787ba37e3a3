// What the apiserver asks of each kind: fill defaults, then validate. Pure
// functions over JSON; the apiserver owns storage, versions and metadata.
import type { FieldError } from './errors.js';
import type { ResourceInfo } from './resources.js';
import type { KubeObject } from './types/meta.js';
import { STRATEGIES } from './kinds/index.js';

export interface KindStrategy {
  /** Fills Kubernetes' defaults in place. Called on a private copy, on create and on every update. */
  applyDefaults(obj: KubeObject): void;
  /** Problems with a new object: metadata (name, labels, annotations, ownerReferences) and spec. */
  validate(obj: KubeObject): FieldError[];
  /** Problems with an update: everything `validate` checks plus immutable fields against `old`. */
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[];
  /** Problems with a status write (spec and metadata already taken from `old`). */
  validateStatusUpdate(obj: KubeObject, old: KubeObject): FieldError[];
}

export function strategyFor(info: ResourceInfo): KindStrategy {
  const strategy = STRATEGIES[info.kind];
  if (!strategy) throw new Error(`no strategy for kind ${info.kind}`);
  return strategy;
}
