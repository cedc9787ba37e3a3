// A SPDY/3 name/value header block before compression (draft 3, section
// 2.6.10): a 32-bit pair count, then for each pair a 32-bit length and the
// name (lower case), a 32-bit length and the value (several values joined by
// NUL). Pure functions.
export type SpdyHeaders = Record<string, string[]>;

/** Bounds what one block may claim, so a hostile count cannot make the parser allocate without end. */
export const MAX_HEADER_PAIRS = 1024;

export class HeaderBlockError extends Error {}

export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const parts: Buffer[] = [];
  const entries = Object.entries(headers);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(entries.length, 0);
  parts.push(count);
  for (const [name, values] of entries) {
    for (const field of [name.toLowerCase(), values.join('\0')]) {
      const bytes = Buffer.from(field, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length, 0);
      parts.push(length, bytes);
    }
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): SpdyHeaders {
  let at = 0;
  const u32 = (): number => {
    if (at + 4 > block.length) throw new HeaderBlockError('a header block ends inside a length');
    const value = block.readUInt32BE(at);
    at += 4;
    return value;
  };
  const field = (): string => {
    const length = u32();
    if (at + length > block.length) throw new HeaderBlockError('a header block ends inside a name or value');
    const text = block.toString('utf8', at, at + length);
    at += length;
    return text;
  };
  const pairs = u32();
  if (pairs > MAX_HEADER_PAIRS) throw new HeaderBlockError(`a header block claims ${pairs} pairs; at most ${MAX_HEADER_PAIRS} are taken`);
  const headers: SpdyHeaders = {};
  for (let i = 0; i < pairs; i++) {
    const name = field();
    if (name.length === 0) throw new HeaderBlockError('a header block has an empty name');
    if (name !== name.toLowerCase()) throw new HeaderBlockError(`header ${JSON.stringify(name)} is not lower case`);
    if (Object.hasOwn(headers, name)) throw new HeaderBlockError(`header ${JSON.stringify(name)} appears twice`);
    headers[name] = field().split('\0');
  }
  return headers;
}

/** The first value of a header, or undefined. */
export function headerValue(headers: SpdyHeaders, name: string): string | undefined {
  return headers[name.toLowerCase()]?.[0];
}
