// metav1.Time as JSON carries it: RFC 3339 in UTC, to the second.

export function metaTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
