// JSON patch (RFC 6902): an ordered list of add / remove / replace / move /
// copy / test operations over JSON pointers. All operations apply or none do:
// they run on a private copy that is only returned when every one succeeded.
import { ApiError } from '../errors.js';
import { parseArrayIndex, parseJsonPointer } from './json-pointer.js';
import { cloneJson, deepEqual, describeType, getOwn, hasOwn, isPlainObject, setOwn } from '../json-value.js';

const OPERATIONS = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;
type OperationName = (typeof OPERATIONS)[number];

interface Operation {
  op: OperationName;
  path: string[];
  pointer: string;
  from?: string[];
  fromPointer?: string;
  value?: unknown;
  /** How messages name this operation: `JSON patch operation 2 (remove "/spec/x")`. */
  label: string;
}

const MISSING = Symbol('missing');

/** Applies RFC 6902 operations to a copy of `doc`; `doc` and `ops` are not changed. */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) {
    throw new ApiError('BadRequest', `a JSON patch must be a list of operations, not a ${describeType(ops)}`);
  }
  let root = cloneJson(doc);
  ops.forEach((raw, index) => {
    root = applyOperation(root, parseOperation(raw, index));
  });
  return root;
}

function parseOperation(raw: unknown, index: number): Operation {
  const at = `JSON patch operation ${index}`;
  if (!isPlainObject(raw)) throw new ApiError('BadRequest', `${at}: must be a map, not a ${describeType(raw)}`);
  const op = getOwn(raw, 'op');
  if (typeof op !== 'string' || !(OPERATIONS as readonly string[]).includes(op)) {
    const shown = op === undefined ? 'missing' : JSON.stringify(op);
    throw new ApiError('BadRequest', `${at}: "op" is ${shown}; expected one of ${OPERATIONS.join(', ')}`);
  }
  const name = op as OperationName;
  const pointer = getOwn(raw, 'path');
  if (typeof pointer !== 'string') {
    throw new ApiError('BadRequest', `${at} (${name}): "path" must be a string`);
  }
  const label = `${at} (${name} ${JSON.stringify(pointer)})`;
  const operation: Operation = { op: name, path: pointerTokens(pointer, label), pointer, label };
  if (name === 'add' || name === 'replace' || name === 'test') {
    if (!hasOwn(raw, 'value')) throw new ApiError('BadRequest', `${label}: "value" is required`);
    operation.value = raw.value;
  }
  if (name === 'move' || name === 'copy') {
    const from = getOwn(raw, 'from');
    if (typeof from !== 'string') throw new ApiError('BadRequest', `${label}: "from" must be a string`);
    operation.from = pointerTokens(from, label);
    operation.fromPointer = from;
  }
  return operation;
}

function pointerTokens(pointer: string, label: string): string[] {
  const parsed = parseJsonPointer(pointer);
  if (!parsed.ok) throw new ApiError('BadRequest', `${label}: invalid path ${JSON.stringify(pointer)}: ${parsed.problem}`);
  return parsed.tokens;
}

function applyOperation(root: unknown, operation: Operation): unknown {
  switch (operation.op) {
    case 'add':
      return addValue(root, operation.path, cloneJson(operation.value), operation);
    case 'remove':
      return removeValue(root, operation.path, operation);
    case 'replace':
      valueAt(root, operation.path, operation);
      return replaceValue(root, operation.path, cloneJson(operation.value), operation);
    case 'move':
      return moveValue(root, operation);
    case 'copy': {
      const from = operation.from ?? [];
      return addValue(root, operation.path, cloneJson(valueAt(root, from, operation)), operation);
    }
    case 'test':
      testValue(root, operation);
      return root;
  }
}

function moveValue(root: unknown, operation: Operation): unknown {
  const from = operation.from ?? [];
  const to = operation.path;
  if (from.length === to.length && from.every((t, i) => t === to[i])) {
    valueAt(root, from, operation);
    return root;
  }
  if (from.length < to.length && from.every((t, i) => t === to[i])) {
    throw new ApiError('BadRequest', `${operation.label}: cannot move ${JSON.stringify(operation.fromPointer)} into one of its own children`);
  }
  const value = valueAt(root, from, operation);
  return addValue(removeValue(root, from, operation), to, value, operation);
}

function testValue(root: unknown, operation: Operation): void {
  const actual = lookup(root, operation.path);
  if (actual.found && deepEqual(actual.value, operation.value)) return;
  const shown = actual.found ? JSON.stringify(actual.value) : 'absent';
  throw new ApiError(
    'Invalid',
    `${operation.label}: test failed: the value is ${shown}, expected ${JSON.stringify(operation.value)}`,
  );
}

type Lookup = { found: true; value: unknown } | { found: false; missingAt: string };

function lookup(root: unknown, tokens: readonly string[]): Lookup {
  let current: unknown = root;
  for (let i = 0; i < tokens.length; i++) {
    const next = child(current, tokens[i] ?? '');
    if (next === MISSING) return { found: false, missingAt: toPointer(tokens.slice(0, i + 1)) };
    current = next;
  }
  return { found: true, value: current };
}

function child(container: unknown, token: string): unknown {
  if (Array.isArray(container)) {
    const index = parseArrayIndex(token);
    return index !== undefined && index < container.length ? container[index] : MISSING;
  }
  if (isPlainObject(container)) return hasOwn(container, token) ? container[token] : MISSING;
  return MISSING;
}

function valueAt(root: unknown, tokens: readonly string[], operation: Operation): unknown {
  const found = lookup(root, tokens);
  if (!found.found) throw new ApiError('BadRequest', `${operation.label}: no value at ${JSON.stringify(found.missingAt)}`);
  return found.value;
}

/** The container that holds the last token, which must exist. */
function parentOf(root: unknown, tokens: readonly string[], operation: Operation): unknown {
  return valueAt(root, tokens.slice(0, -1), operation);
}

function addValue(root: unknown, tokens: readonly string[], value: unknown, operation: Operation): unknown {
  if (tokens.length === 0) return value;
  const parent = parentOf(root, tokens, operation);
  const last = tokens[tokens.length - 1] ?? '';
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : parseArrayIndex(last);
    if (index === undefined || index > parent.length) {
      throw new ApiError('BadRequest', `${operation.label}: ${JSON.stringify(last)} is not an index into a list of ${parent.length}`);
    }
    parent.splice(index, 0, value);
  } else if (isPlainObject(parent)) {
    setOwn(parent, last, value);
  } else {
    throw new ApiError('BadRequest', `${operation.label}: cannot add a member to a ${describeType(parent)}`);
  }
  return root;
}

function removeValue(root: unknown, tokens: readonly string[], operation: Operation): unknown {
  if (tokens.length === 0) throw new ApiError('BadRequest', `${operation.label}: cannot remove the whole document`);
  valueAt(root, tokens, operation);
  const parent = parentOf(root, tokens, operation);
  const last = tokens[tokens.length - 1] ?? '';
  if (Array.isArray(parent)) {
    parent.splice(parseArrayIndex(last) ?? parent.length, 1);
  } else if (isPlainObject(parent)) {
    delete parent[last];
  }
  return root;
}

function replaceValue(root: unknown, tokens: readonly string[], value: unknown, operation: Operation): unknown {
  if (tokens.length === 0) return value;
  const parent = parentOf(root, tokens, operation);
  const last = tokens[tokens.length - 1] ?? '';
  if (Array.isArray(parent)) {
    parent[parseArrayIndex(last) ?? parent.length] = value;
  } else if (isPlainObject(parent)) {
    setOwn(parent, last, value);
  }
  return root;
}

function toPointer(tokens: readonly string[]): string {
  return tokens.map((t) => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
