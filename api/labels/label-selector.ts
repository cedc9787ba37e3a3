// Label selectors: kubectl's text syntax (`-l app=web,tier in (a,b),!canary`),
// metav1.LabelSelector objects, matching, and the text kubectl prints. The
// internal Selector is what both forms turn into; Kubernetes' labels package
// is the reference for syntax, errors and ordering.
import { badRequest } from '../errors.js';
import type { LabelSelector } from '../types/meta.js';
import { goStringSlice } from '../validation/go-format.js';
import { labelValueErrors, qualifiedNameErrors } from '../validation/names.js';
import { arrayOf, recordOf, stringOf } from '../validation/values.js';
import { tokenize, type Token, type TokenKind } from './selector-lexer.js';

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals' | 'NotEquals' | 'Gt' | 'Lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

/** No requirements matches everything. A `null` Selector (see below) matches nothing. */
export interface Selector {
  requirements: Requirement[];
}

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';
const INTEGER_PATTERN = /^[+-]?[0-9]+$/;

/** Checks a requirement as Kubernetes' NewRequirement; returns problem texts. */
function requirementProblems(r: Requirement): string[] {
  const problems: string[] = [];
  const keyErrors = qualifiedNameErrors(r.key);
  if (keyErrors.length > 0) problems.push(`key: Invalid value: ${JSON.stringify(r.key)}: ${keyErrors.join('; ')}`);
  const shownValues = goStringSlice(r.values);
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (r.values.length === 0) problems.push(`values: Invalid value: ${shownValues}: for 'in', 'notin' operators, values set can't be empty`);
      break;
    case 'Equals':
    case 'NotEquals':
      if (r.values.length !== 1) problems.push(`values: Invalid value: ${shownValues}: exact-match compatibility requires one single value`);
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (r.values.length !== 0) problems.push(`values: Invalid value: ${shownValues}: values set must be empty for exists and does not exist`);
      break;
    case 'Gt':
    case 'Lt':
      if (r.values.length !== 1) problems.push(`values: Invalid value: ${shownValues}: for 'Gt', 'Lt' operators, exactly one value is required`);
      r.values.forEach((v, i) => {
        if (!INTEGER_PATTERN.test(v)) {
          problems.push(`values[${i}]: Invalid value: ${JSON.stringify(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
        }
      });
      break;
  }
  r.values.forEach((v, i) => {
    const valueErrors = labelValueErrors(v);
    if (valueErrors.length > 0) {
      problems.push(`values[${i}][${r.key}]: Invalid value: ${JSON.stringify(v)}: ${valueErrors.join('; ')}`);
    }
  });
  return problems;
}

function checkedRequirement(r: Requirement): Requirement {
  const problems = requirementProblems(r);
  if (problems.length === 1) throw new Error(problems[0]);
  if (problems.length > 1) throw new Error(`[${problems.join(', ')}]`);
  return r;
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Kubernetes sorts requirements by key (stably), which fixes the printed order. */
function byKey(requirements: Requirement[]): Requirement[] {
  return [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

class SelectorParser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  /** In value position the words `in`/`notin` are ordinary identifiers. */
  private asValue(token: Token): Token {
    return token.kind === 'In' || token.kind === 'NotIn' ? { kind: 'Identifier', literal: token.literal } : token;
  }

  private lookahead(): Token {
    return this.asValue(this.tokens[this.pos]);
  }

  private consumeValue(): Token {
    return this.asValue(this.tokens[this.pos++]);
  }

  private consumeOperatorToken(): Token {
    return this.tokens[this.pos++];
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const next = this.lookahead();
      if (next.kind === 'EndOfString') return requirements;
      if (next.kind !== 'Identifier' && next.kind !== 'DoesNotExist') {
        throw new Error(`found '${next.literal}', expected: !, identifier, or 'end of string'`);
      }
      try {
        requirements.push(this.parseRequirement());
      } catch (err) {
        throw new Error(`unable to parse requirement: ${(err as Error).message}`);
      }
      const after = this.consumeValue();
      if (after.kind === 'EndOfString') return requirements;
      if (after.kind !== 'Comma') throw new Error(`found '${after.literal}', expected: ',' or 'end of string'`);
      const following = this.lookahead();
      if (following.kind !== 'Identifier' && following.kind !== 'DoesNotExist') {
        throw new Error(`found '${following.literal}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): Requirement {
    let token = this.consumeValue();
    let negated = false;
    if (token.kind === 'DoesNotExist') {
      negated = true;
      token = this.consumeValue();
    }
    if (token.kind !== 'Identifier') throw new Error(`found '${token.literal}', expected: identifier`);
    const key = token.literal;
    const keyErrors = qualifiedNameErrors(key);
    if (keyErrors.length > 0) throw new Error(`key: Invalid value: ${JSON.stringify(key)}: ${keyErrors.join('; ')}`);
    const next = this.lookahead().kind;
    if (next === 'EndOfString' || next === 'Comma') {
      return checkedRequirement({ key, operator: negated ? 'DoesNotExist' : 'Exists', values: [] });
    }
    if (negated) return checkedRequirement({ key, operator: 'DoesNotExist', values: [] });
    const operator = this.parseOperator();
    const values = operator === 'In' || operator === 'NotIn' ? this.parseValueSet() : this.parseExactValue();
    return checkedRequirement({ key, operator, values: sortedUnique(values) });
  }

  private parseOperator(): Operator {
    const token = this.consumeOperatorToken();
    const operators: Partial<Record<TokenKind, Operator>> = {
      In: 'In',
      NotIn: 'NotIn',
      Equals: 'Equals',
      DoubleEquals: 'Equals',
      NotEquals: 'NotEquals',
      GreaterThan: 'Gt',
      LessThan: 'Lt',
    };
    const op = operators[token.kind];
    if (!op) throw new Error(`found '${token.literal}', expected: ${BINARY_OPERATORS}`);
    return op;
  }

  private parseValueSet(): string[] {
    const open = this.consumeValue();
    if (open.kind !== 'OpenPar') throw new Error(`found '${open.literal}' expected: '('`);
    const next = this.lookahead();
    if (next.kind === 'ClosedPar') {
      this.consumeValue();
      return [''];
    }
    if (next.kind !== 'Identifier' && next.kind !== 'Comma') {
      throw new Error(`found '${next.literal}', expected: ',', ')' or identifier`);
    }
    const values = this.parseIdentifiers();
    const close = this.consumeValue();
    if (close.kind !== 'ClosedPar') throw new Error(`found '${close.literal}', expected: ')'`);
    return values;
  }

  /** A comma list up to (not including) `)`; empty slots (`a,,b`, `(,a)`) are empty values. */
  private parseIdentifiers(): string[] {
    const values: string[] = [];
    for (;;) {
      const token = this.consumeValue();
      if (token.kind === 'Identifier') {
        values.push(token.literal);
        const next = this.lookahead();
        if (next.kind === 'Comma') continue;
        if (next.kind === 'ClosedPar') return values;
        throw new Error(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (token.kind === 'Comma') {
        if (values.length === 0) values.push('');
        const next = this.lookahead();
        if (next.kind === 'ClosedPar') {
          values.push('');
          return values;
        }
        if (next.kind === 'Comma') {
          this.consumeValue();
          values.push('');
        }
        continue;
      }
      throw new Error(`found '${token.literal}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): string[] {
    const next = this.lookahead();
    if (next.kind === 'EndOfString' || next.kind === 'Comma') return [''];
    const token = this.consumeValue();
    if (token.kind === 'Identifier') return [token.literal];
    throw new Error(`found '${token.literal}', expected: identifier`);
  }
}

/** Parses kubectl's `-l` syntax. An empty string selects everything. Throws ApiError BadRequest. */
export function parseLabelSelector(text: string): Selector {
  try {
    return { requirements: byKey(new SelectorParser(tokenize(text)).parse()) };
  } catch (err) {
    throw badRequest((err as Error).message);
  }
}

const EXPRESSION_OPERATORS = new Map<string, Operator>([
  ['In', 'In'],
  ['NotIn', 'NotIn'],
  ['Exists', 'Exists'],
  ['DoesNotExist', 'DoesNotExist'],
]);

/**
 * metav1.LabelSelector -> Selector, as LabelSelectorAsSelector: null/undefined
 * selects nothing (returns null), `{}` selects everything. Throws BadRequest.
 */
export function selectorFromLabelSelector(ls: LabelSelector | undefined | null): Selector | null {
  if (ls === undefined || ls === null) return null;
  const requirements: Requirement[] = [];
  try {
    for (const [key, value] of Object.entries(recordOf(ls.matchLabels))) {
      requirements.push(checkedRequirement({ key, operator: 'Equals', values: [String(value)] }));
    }
    for (const raw of arrayOf(ls.matchExpressions)) {
      const expr = recordOf(raw);
      const operator = EXPRESSION_OPERATORS.get(stringOf(expr.operator));
      if (!operator) throw new Error(`${JSON.stringify(stringOf(expr.operator))} is not a valid label selector operator`);
      const values = arrayOf(expr.values).map(String);
      requirements.push(checkedRequirement({ key: stringOf(expr.key), operator, values }));
    }
  } catch (err) {
    throw badRequest((err as Error).message);
  }
  return { requirements: byKey(requirements) };
}

function integerOf(text: string): bigint | undefined {
  return INTEGER_PATTERN.test(text) ? BigInt(text) : undefined;
}

function requirementMatches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'In':
    case 'Equals':
      return has && r.values.includes(value as string);
    case 'NotIn':
    case 'NotEquals':
      return !has || !r.values.includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || r.values.length !== 1) return false;
      const actual = integerOf(value as string);
      const bound = integerOf(r.values[0]);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'Gt' ? actual > bound : actual < bound;
    }
  }
}

/** null matches nothing; a selector without requirements matches everything. */
export function matchesSelector(sel: Selector | null, labels: Record<string, string> | undefined): boolean {
  if (sel === null) return false;
  const set = labels ?? {};
  return sel.requirements.every((r) => requirementMatches(r, set));
}

/** Convenience for controllers: does this metav1.LabelSelector select these labels? Throws BadRequest. */
export function labelSelectorMatches(ls: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
  return matchesSelector(selectorFromLabelSelector(ls), labels);
}

function requirementToString(r: Requirement): string {
  const values = r.values.length === 1 ? r.values[0] : sortedUnique(r.values).join(',');
  switch (r.operator) {
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
    case 'Equals':
      return `${r.key}=${values}`;
    case 'NotEquals':
      return `${r.key}!=${values}`;
    case 'In':
      return `${r.key} in (${values})`;
    case 'NotIn':
      return `${r.key} notin (${values})`;
    case 'Gt':
      return `${r.key}>${values}`;
    case 'Lt':
      return `${r.key}<${values}`;
  }
}

/** The `-l` text for a selector; "" for one that selects everything. Parses back to the same selector. */
export function selectorToString(sel: Selector): string {
  return sel.requirements.map(requirementToString).join(',');
}

/** kubectl's FormatLabelSelector: `app=web,tier in (a,b)`, `<none>` when empty or null, `<error>` when invalid. */
export function formatLabelSelector(ls: LabelSelector | undefined | null): string {
  let sel: Selector | null;
  try {
    sel = selectorFromLabelSelector(ls);
  } catch {
    return '<error>';
  }
  const text = sel === null ? '' : selectorToString(sel);
  return text === '' ? '<none>' : text;
}
