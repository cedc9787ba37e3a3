// metav1.Time and metav1.MicroTime as JSON carries them: RFC 3339 in UTC, to
// the second and to the microsecond.

export function metaTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.MicroTime (a Lease's renewTime, an Event's eventTime): six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}
