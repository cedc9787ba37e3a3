// A stored value as the watch cache and the watch buffer hold it: decoded,
// its repeated strings and empty objects shared with every other cached one, and frozen,
// because it is shared by every list and watcher that reads it.
import { deepFreeze } from '../../api/deep-freeze.js';
import { ValueInterner } from '../../api/value-interner.js';
import type { KubeObject } from '../../api/types/index.js';
import { decodeObject } from '../storage/codec.js';

const interner = new ValueInterner();

export function cachedObject(value: Buffer, modRevision: number): KubeObject {
  return deepFreeze(interner.internValues(decodeObject(value, modRevision)));
}
