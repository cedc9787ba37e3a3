// Path elements as FieldsV1 encodes them, and as conflict messages print them:
// `f:replicas` is `.replicas`, `k:{"name":"web"}` is `[name="web"]`, `v:"a"`
// is `[="a"]`, `i:0` is `[0]`.

export function fieldElement(name: string): string {
  return `f:${name}`;
}

/** A list-map item by its key fields, sorted by name as structured-merge-diff sorts them. */
export function keyElement(keys: Readonly<Record<string, unknown>>): string {
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(keys).sort()) sorted[name] = keys[name];
  return `k:${JSON.stringify(sorted)}`;
}

/** A set item by its value. */
export function valueElement(value: unknown): string {
  return `v:${JSON.stringify(value)}`;
}

export function indexElement(index: number): string {
  return `i:${index}`;
}

function printValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? 'null';
}

function describeElement(element: string): string {
  const body = element.slice(2);
  switch (element[0]) {
    case 'f':
      return `.${body}`;
    case 'k': {
      const keys = JSON.parse(body) as Record<string, unknown>;
      return `[${Object.entries(keys)
        .map(([name, value]) => `${name}=${printValue(value)}`)
        .join(',')}]`;
    }
    case 'v':
      return `[=${printValue(JSON.parse(body))}]`;
    default:
      return `[${body}]`;
  }
}

/** `.spec.template.spec.containers[name="web"].image` */
export function describePath(path: readonly string[]): string {
  return path.map(describeElement).join('');
}
