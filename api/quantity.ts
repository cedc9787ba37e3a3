// Kubernetes resource quantities ("250m", "1.5Gi", "1e3"). Parsing keeps the
// exact value (a big integer mantissa with decimal and binary exponents) so
// that conversions round the way Kubernetes does (up, never to nearest) and
// comparisons are not fooled by floating point.
import { ApiError } from './errors.js';

/** Kubernetes' own wording for a quantity that does not parse. */
export const QUANTITY_FORMAT_MESSAGE =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};

/** Larger exponents are refused so "1e999999999" cannot make the apiserver build a giant integer. */
const MAX_DECIMAL_EXPONENT = 1000;

const QUANTITY_PATTERN = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([a-zA-Z]*)([+-]?[0-9]*)$/;
const EXPONENT_PATTERN = /^[eE]([+-]?[0-9]+)$/;

/** value = sign * mantissa * 10^exp10 * 2^exp2, exactly. */
export interface ExactQuantity {
  negative: boolean;
  mantissa: bigint;
  exp10: number;
  exp2: number;
}

function formatError(text: string): ApiError {
  return new ApiError('BadRequest', `unable to parse quantity "${text}": ${QUANTITY_FORMAT_MESSAGE}`);
}

function suffixExponents(suffix: string): { exp10: number; exp2: number } | undefined {
  if (suffix in DECIMAL_SUFFIXES) return { exp10: DECIMAL_SUFFIXES[suffix], exp2: 0 };
  if (suffix in BINARY_SUFFIXES) return { exp10: 0, exp2: BINARY_SUFFIXES[suffix] };
  const exponent = EXPONENT_PATTERN.exec(suffix);
  if (exponent) return { exp10: Number(exponent[1]), exp2: 0 };
  return undefined;
}

/** Parses without losing precision; throws ApiError BadRequest on bad syntax. */
export function parseExactQuantity(text: string): ExactQuantity {
  const match = QUANTITY_PATTERN.exec(text);
  if (!match) throw formatError(text);
  const [, sign, whole, fraction = '', letters, exponentDigits] = match;
  if (whole.length === 0 && fraction.length === 0) throw formatError(text);
  const suffix = suffixExponents(letters + exponentDigits);
  if (!suffix) throw formatError(text);
  if (Math.abs(suffix.exp10) > MAX_DECIMAL_EXPONENT) {
    throw new ApiError('BadRequest', `unable to parse quantity "${text}": exponent out of range`);
  }
  return {
    negative: sign === '-',
    mantissa: BigInt(whole + fraction || '0'),
    exp10: suffix.exp10 - fraction.length,
    exp2: suffix.exp2,
  };
}

function exactFromNumber(value: number): ExactQuantity {
  if (!Number.isFinite(value)) throw new ApiError('BadRequest', `unable to parse quantity ${value}: not a finite number`);
  // String(1e21) is "1e+21" and String(1e-7) is "1e-7": both are valid quantity syntax.
  return parseExactQuantity(String(value));
}

function toExact(q: string | number): ExactQuantity {
  return typeof q === 'number' ? exactFromNumber(q) : parseExactQuantity(q);
}

/** ceil(|value| * 10^scale10), signed; Kubernetes rounds scaled values up (away from zero). */
function scaledCeil(q: ExactQuantity, scale10: number): bigint {
  const numerator = q.mantissa << BigInt(q.exp2);
  const exp = q.exp10 + scale10;
  let result: bigint;
  if (exp >= 0) {
    result = numerator * 10n ** BigInt(exp);
  } else {
    const divisor = 10n ** BigInt(-exp);
    result = numerator / divisor;
    if (numerator % divisor !== 0n) result += 1n;
  }
  return q.negative ? -result : result;
}

/** The quantity in base units (cores, bytes) as a float. */
export function parseQuantity(text: string): number {
  const q = parseExactQuantity(text);
  const magnitude = Number.parseFloat(`${q.mantissa.toString()}e${q.exp10}`) * 2 ** q.exp2;
  return q.negative && magnitude !== 0 ? -magnitude : magnitude;
}

export function isValidQuantity(text: string): boolean {
  try {
    parseExactQuantity(text);
    return true;
  } catch {
    return false;
  }
}

/** -1, 0 or 1 as a < b, a == b, a > b, compared exactly. */
export function compareQuantities(a: string | number, b: string | number): number {
  const x = toExact(a);
  const y = toExact(b);
  // Bring both to a common scale: multiply mantissas by 2^exp2 and align exp10.
  const xm = (x.negative ? -1n : 1n) * (x.mantissa << BigInt(x.exp2));
  const ym = (y.negative ? -1n : 1n) * (y.mantissa << BigInt(y.exp2));
  const common = Math.min(x.exp10, y.exp10);
  const xs = xm * 10n ** BigInt(x.exp10 - common);
  const ys = ym * 10n ** BigInt(y.exp10 - common);
  return xs < ys ? -1 : xs > ys ? 1 : 0;
}

/** Any quantity in thousandths of its unit, exactly, rounded up as MilliValue: "1Gi" -> 1073741824000n. */
export function quantityMillis(q: string | number): bigint {
  return scaledCeil(toExact(q), 3);
}

/** CPU in millicores, rounded up as Kubernetes' MilliValue: "250m" -> 250, "0.5" -> 500, 2 -> 2000. */
export function cpuToMillis(q: string | number): number {
  return Number(scaledCeil(toExact(q), 3));
}

/** Memory (or any quantity) in whole units, rounded up as Kubernetes' Value: "1Ki" -> 1024. */
export function memoryToBytes(q: string | number): number {
  return Number(scaledCeil(toExact(q), 0));
}

const BINARY_STEPS = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;
const BINARY_BASE = 1024n;

/** Bytes in Kubernetes' canonical binary form: 536870912 -> "512Mi", 1500 -> "1500". */
export function formatBytes(bytes: number): string {
  let value = BigInt(Math.ceil(bytes));
  const negative = value < 0n;
  if (negative) value = -value;
  let step = 0;
  while (value !== 0n && value % BINARY_BASE === 0n && step < BINARY_STEPS.length - 1) {
    value /= BINARY_BASE;
    step += 1;
  }
  return `${negative ? '-' : ''}${value.toString()}${BINARY_STEPS[step]}`;
}

/** Millicores in Kubernetes' canonical form: 250 -> "250m", 2000 -> "2". */
export function formatMillis(millis: number): string {
  const m = Math.ceil(millis);
  if (m % 1000 === 0) return String(m / 1000);
  return `${m}m`;
}
