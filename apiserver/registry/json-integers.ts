// JSON.parse reads every number as a double and silently rounds integers past
// 2^53 (99999999999999999999 becomes 100000000000000000000). Kubernetes' typed
// decoding refuses them; so does this, by finding such literals in the raw text
// (with their JSON path) before the rounded value can be validated or stored.

/** A plain integer literal whose value a double cannot hold exactly. */
export interface UnsafeInteger {
  literal: string;
  /** Kubernetes-style path: `spec.replicas`, `spec.containers[0].ports[1].containerPort`. */
  path: string;
}

/** Integer literals shorter than this are always safe: 2^53 - 1 has 16 digits. */
const SAFE_DIGITS = 15;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

interface Frame {
  array: boolean;
  /** The member being read (objects) or the element index (arrays). */
  key: string;
  index: number;
}

function pathOf(stack: readonly Frame[]): string {
  let path = '';
  for (const f of stack) {
    if (f.array) path += `[${f.index}]`;
    else path += path ? `.${f.key}` : f.key;
  }
  return path;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/**
 * The first integer literal (no fraction, no exponent) outside strings beyond
 * ±(2^53 - 1) in text that JSON.parse has already accepted, or undefined.
 * Linear, and with no recursion, whatever the nesting.
 */
export function findUnsafeInteger(text: string): UnsafeInteger | undefined {
  if (!new RegExp(`\\d{${SAFE_DIGITS + 1}}`).test(text)) return undefined;
  const stack: Frame[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top && !top.array) {
        top.key = JSON.parse(text.slice(i, j + 1)) as string;
        expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      stack.push({ array: c === '[', key: '', index: 0 });
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
      else expectKey = true;
    } else if (c === '-' || isDigit(c)) {
      let j = i + (c === '-' ? 1 : 0);
      while (j < text.length && isDigit(text[j])) j++;
      const plain = text[j] !== '.' && text[j] !== 'e' && text[j] !== 'E';
      const literal = text.slice(i, j);
      while (j < text.length && /[0-9.eE+-]/.test(text[j])) j++;
      const digits = literal.length - (c === '-' ? 1 : 0);
      if (plain && digits > SAFE_DIGITS) {
        const magnitude = BigInt(c === '-' ? literal.slice(1) : literal);
        if (magnitude > MAX_SAFE) return { literal, path: pathOf(stack) };
      }
      i = j - 1;
    }
  }
  return undefined;
}
