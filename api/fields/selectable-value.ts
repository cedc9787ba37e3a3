// How a field selector reads a field: absent is "", other scalars compare by
// their text (`spec.unschedulable=true`), as Kubernetes' field sets do.
export function selectableValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}
