// Equality of JSON values as Go's zero values see it: a field that is absent
// equals one set to "", 0, false, [] or an object holding only such values. Used by "may not change" rules so
// that a client dropping an empty list is not mistaken for a change.

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value as object).every(isEmpty);
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => semanticEqual(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!semanticEqual(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

export interface Difference {
  path: string;
  before: unknown;
  after: unknown;
}

/** Leaf paths where `a` and `b` differ, in document order, at most `limit` of them. */
export function differences(a: unknown, b: unknown, path: string, limit: number): Difference[] {
  const out: Difference[] = [];
  const walk = (x: unknown, y: unknown, p: string): void => {
    if (out.length >= limit || semanticEqual(x, y)) return;
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length) {
      x.forEach((v, i) => walk(v, y[i], `${p}[${i}]`));
      return;
    }
    if (isPlainObject(x) && isPlainObject(y)) {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[k], y[k], p ? `${p}.${k}` : k);
      return;
    }
    out.push({ path: p, before: x, after: y });
  };
  walk(a, b, path);
  return out;
}

/** `  spec.containers[0].ports[0].containerPort: 80 -> 8080`, one line per difference. */
export function formatDifferences(diffs: Difference[]): string {
  const show = (v: unknown): string => (v === undefined ? '<unset>' : JSON.stringify(v));
  return diffs.map((d) => `  ${d.path}: ${show(d.before)} -> ${show(d.after)}`).join('\n');
}
