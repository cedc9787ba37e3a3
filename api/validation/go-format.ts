// Go's %#v rendering of the few values Kubernetes prints that way in
// validation messages, so users see the very text kubectl would show:
// `map[string]string{"app":"web"}`, `v1.LabelSelector{MatchLabels:...}`.

/** Go's %q for the strings we meet: JSON quoting matches it for printable text. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `map[string]string{"a":"1", "b":"2"}` with sorted keys; absent is `(nil)`. */
export function goStringMap(map: unknown): string {
  if (!isPlainRecord(map)) return 'map[string]string(nil)';
  const entries = Object.keys(map)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(String(map[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/** `[]string{"a", "b"}`; absent is `[]string(nil)`. */
export function goStringSlice(list: unknown): string {
  if (!Array.isArray(list)) return '[]string(nil)';
  return `[]string{${list.map((v) => goQuote(String(v))).join(', ')}}`;
}

function goRequirement(req: unknown): string {
  const r = isPlainRecord(req) ? req : {};
  const keyText = goQuote(typeof r.key === 'string' ? r.key : '');
  const op = goQuote(typeof r.operator === 'string' ? r.operator : '');
  return `v1.LabelSelectorRequirement{Key:${keyText}, Operator:${op}, Values:${goStringSlice(r.values)}}`;
}

/** A metav1.LabelSelector as Kubernetes prints it in "field is immutable" and "empty selector" errors. */
export function goLabelSelector(selector: unknown): string {
  if (!isPlainRecord(selector)) return 'null';
  const expressions = Array.isArray(selector.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${selector.matchExpressions.map(goRequirement).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(selector.matchLabels)}, MatchExpressions:${expressions}}`;
}
