// JSON text of cached objects for lists, kept while lists keep using it.
// A cached (frozen) object never changes, so its text can be reused by every
// list that carries it; but kept for as long as the object lives, the texts
// would be a second copy of the whole cache (about 28 MiB at 10,000 pods)
// for lists that informers make once before they only watch. So texts live
// in generations: one a list has not used for a whole generation is dropped,
// and a namespace listed again and again (a client polling every few
// seconds, a benchmark) is served from its texts.
import type { KubeList, KubeObject } from '../../api/types/index.js';

/** How long a text stays after its last use: between one and two of these. */
export const TEXT_GENERATION_MS = 5_000;

class TextMemo {
  private current = new WeakMap<object, string>();
  private previous = new WeakMap<object, string>();
  private timer: NodeJS.Timeout | undefined;

  text(obj: KubeObject): string {
    if (!Object.isFrozen(obj)) return JSON.stringify(obj);
    let text = this.current.get(obj);
    if (text !== undefined) return text;
    text = this.previous.get(obj) ?? JSON.stringify(obj);
    this.current.set(obj, text);
    this.startAging();
    return text;
  }

  private startAging(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.age(), TEXT_GENERATION_MS);
    this.timer.unref();
  }

  private age(): void {
    this.previous = this.current;
    this.current = new WeakMap();
  }
}

const memo = new TextMemo();

export function objectJson(obj: KubeObject): string {
  return memo.text(obj);
}

/** The same text as JSON.stringify(list), with `items` last as lists are built, from each item's kept text. */
export function listJson(list: KubeList): string {
  const { items, ...rest } = list;
  const head = JSON.stringify(rest);
  const separator = head === '{}' ? '' : ',';
  return `${head.slice(0, -1)}${separator}"items":[${items.map(objectJson).join(',')}]}`;
}
