// Tokens of kubectl's label selector language (`app=web,tier in (a,b),!x`),
// following Kubernetes' labels lexer: whitespace separates, the symbols
// = == != ! ( ) , < > are operators, anything else runs into an identifier.

export type TokenKind =
  | 'Identifier'
  | 'In'
  | 'NotIn'
  | 'Equals'
  | 'DoubleEquals'
  | 'NotEquals'
  | 'DoesNotExist'
  | 'OpenPar'
  | 'ClosedPar'
  | 'Comma'
  | 'GreaterThan'
  | 'LessThan'
  | 'EndOfString';

export interface Token {
  kind: TokenKind;
  literal: string;
}

const SYMBOLS: ReadonlyArray<[string, TokenKind]> = [
  // Longest first so "!=" is not read as "!" then "=".
  ['!=', 'NotEquals'],
  ['==', 'DoubleEquals'],
  ['=', 'Equals'],
  ['!', 'DoesNotExist'],
  ['(', 'OpenPar'],
  [')', 'ClosedPar'],
  [',', 'Comma'],
  ['>', 'GreaterThan'],
  ['<', 'LessThan'],
];

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const ch = text[pos];
    if (isWhitespace(ch)) {
      pos += 1;
      continue;
    }
    const symbol = SPECIAL.has(ch) ? SYMBOLS.find(([s]) => text.startsWith(s, pos)) : undefined;
    if (symbol) {
      tokens.push({ kind: symbol[1], literal: symbol[0] });
      pos += symbol[0].length;
      continue;
    }
    let end = pos;
    while (end < text.length && !isWhitespace(text[end]) && !SPECIAL.has(text[end])) end += 1;
    const word = text.slice(pos, end);
    const kind: TokenKind = word === 'in' ? 'In' : word === 'notin' ? 'NotIn' : 'Identifier';
    tokens.push({ kind, literal: word });
    pos = end;
  }
  tokens.push({ kind: 'EndOfString', literal: '' });
  return tokens;
}
