// The one place a write is validated: the kind's own rules, plus the type and
// integer-range check every kind gets from its schema. Create, update, status
// update and the result of a patch all come through here.
import type { FieldError } from '../../api/errors.js';
import { ref } from '../../api/openapi/builders.js';
import { schemaValueErrors } from '../../api/openapi/value-errors.js';
import type { StatusSliceSubresource } from '../../api/kinds/kind-definition.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';

export type ValidationMode = 'create' | 'main' | 'status';

/** Only status changes on a status write: an object stored before a rule existed must not block its controller. */
function inScope(field: string, mode: ValidationMode): boolean {
  return mode !== 'status' || field === 'status' || field.startsWith('status.') || field.startsWith('status[');
}

/**
 * The kind's errors, then the schema's on fields the kind's rules did not
 * already name, so one bad value is reported once and with the kind's words.
 */
export function validateWrite(info: ResourceInfo, obj: KubeObject, old: KubeObject | undefined, mode: ValidationMode): FieldError[] {
  const strategy = info.strategy;
  const kindErrors =
    mode === 'create' || old === undefined
      ? strategy.validate(obj)
      : mode === 'main'
        ? strategy.validateUpdate(obj, old)
        : strategy.validateStatusUpdate(obj, old);
  const schemaErrors = schemaValueErrors(obj, ref(info.schema.root), info.schema.components).filter((e) => inScope(e.field, mode));
  const named = new Set(kindErrors.map((e) => e.field));
  return [...kindErrors, ...schemaErrors.filter((e) => !named.has(e.field))];
}

/** A status slice's write (CSRs' approval): its own rules, and the schema's on status. */
export function validateSliceWrite(info: ResourceInfo, slice: StatusSliceSubresource, obj: KubeObject, old: KubeObject): FieldError[] {
  const kindErrors = slice.validate(obj, old);
  const schemaErrors = schemaValueErrors(obj, ref(info.schema.root), info.schema.components).filter((e) => inScope(e.field, 'status'));
  const named = new Set(kindErrors.map((e) => e.field));
  return [...kindErrors, ...schemaErrors.filter((e) => !named.has(e.field))];
}
