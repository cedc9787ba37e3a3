// JSON pointers (RFC 6901) as JSON patch uses them: "" is the whole document,
// every other pointer is "/"-separated tokens with "~1" for "/" and "~0" for "~".

export type ParsedPointer = { ok: true; tokens: string[] } | { ok: false; problem: string };

export function parseJsonPointer(pointer: string): ParsedPointer {
  if (pointer === '') return { ok: true, tokens: [] };
  if (!pointer.startsWith('/')) return { ok: false, problem: 'a JSON pointer must be empty or start with "/"' };
  const tokens: string[] = [];
  for (const raw of pointer.slice(1).split('/')) {
    if (/~(?![01])/.test(raw)) return { ok: false, problem: '"~" must be followed by "0" or "1"' };
    tokens.push(raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return { ok: true, tokens };
}

/** "0" or a number without leading zeros, as RFC 6901 requires of array indices. */
export function parseArrayIndex(token: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : undefined;
}
