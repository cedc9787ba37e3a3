// Parsing an Accept header into media ranges, in the order a server should
// try them: highest q first, and among equal q the order the client wrote.
// Discovery and OpenAPI pick their answer from these; parameters matter
// (`g`, `v`, `as` select aggregated discovery), so they are kept.

export interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  /** Parameters other than q, with lower-case names. */
  readonly params: Readonly<Record<string, string>>;
  readonly q: number;
}

function parseRange(text: string): MediaRange | undefined {
  const [mediaType = '', ...paramTexts] = text.split(';').map((p) => p.trim());
  const slash = mediaType.indexOf('/');
  if (slash <= 0 || slash === mediaType.length - 1) return undefined;
  const params: Record<string, string> = {};
  let q = 1;
  for (const p of paramTexts) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    const name = p.slice(0, eq).trim().toLowerCase();
    const value = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (name === 'q') {
      const parsed = Number(value);
      q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
    } else {
      params[name] = value;
    }
  }
  return { type: mediaType.slice(0, slash).toLowerCase(), subtype: mediaType.slice(slash + 1).toLowerCase(), params, q };
}

/** The acceptable ranges (q > 0), best first; a missing or empty header accepts anything. */
export function parseAccept(header: string | string[] | undefined): MediaRange[] {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const ranges = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(parseRange)
    .filter((r): r is MediaRange => r !== undefined);
  if (ranges.length === 0) return [{ type: '*', subtype: '*', params: {}, q: 1 }];
  // Array.prototype.sort is stable, so equal q keeps the client's order.
  return ranges.filter((r) => r.q > 0).sort((a, b) => b.q - a.q);
}

/** Whether a range admits plain `application/json` (no `as=` asking for another representation). */
export function admitsPlainJson(range: MediaRange): boolean {
  if (range.params['as'] !== undefined) return false;
  if (range.type === '*') return range.subtype === '*';
  return range.type === 'application' && (range.subtype === 'json' || range.subtype === '*');
}
