// One decoded etcd change, shared by every watcher that sees it. Its objects
// are never modified; the JSON a watcher sends is computed once and reused
// while the change is being delivered, then dropped (forgetTexts): the change
// stays in the hub's buffer for watchers that resume later, and its text kept
// there would be one more copy of each recently changed object.
import type { KubeObject } from '../../api/types/index.js';
import { decodeObject, withResourceVersion } from '../storage/codec.js';
import type { RawChange } from '../storage/object-store.js';
import { deepFreeze } from '../../api/deep-freeze.js';

export class ObjectChange {
  private objectJsonMemo: string | undefined;
  private lastStateJsonMemo: string | undefined;
  private lastStateMemo: KubeObject | undefined;

  constructor(
    readonly type: 'put' | 'delete',
    readonly revision: number,
    /** The object after the change; absent for deletes. */
    readonly object: KubeObject | undefined,
    /** The object before the change, as it was stored. */
    readonly prev: KubeObject | undefined,
  ) {}

  static fromRaw(raw: RawChange): ObjectChange {
    const object = raw.value ? decodeObject(raw.value, raw.revision) : undefined;
    const prev = raw.prev ? decodeObject(raw.prev.value, raw.prev.modRevision) : undefined;
    return new ObjectChange(raw.type, raw.revision, object, prev);
  }

  /** The new object as JSON. */
  objectJson(): string {
    this.objectJsonMemo ??= JSON.stringify(this.object);
    return this.objectJsonMemo;
  }

  /** Delivered to every current watcher: a later replay serializes again. */
  forgetTexts(): void {
    this.objectJsonMemo = undefined;
    this.lastStateJsonMemo = undefined;
    this.lastStateMemo = undefined;
  }

  /** The previous object stamped with this change's revision: what DELETED carries. */
  lastState(): KubeObject {
    this.lastStateMemo ??= deepFreeze(this.prev ? withResourceVersion(this.prev, this.revision) : ({} as KubeObject));
    return this.lastStateMemo;
  }

  lastStateJson(): string {
    this.lastStateJsonMemo ??= JSON.stringify(this.lastState());
    return this.lastStateJsonMemo;
  }
}
