// One read shared by every caller that asks while it has not started yet.
// Pod workers each list the node's containers at every sync; a burst of pod
// starts (or the periodic resync of every pod at once) would send the engine
// one list per pod, each answering the same question. A caller never gets an
// answer read before it asked: one that arrives while a read is under way
// waits for the next read, which starts when that one ends and serves
// everyone who arrived meanwhile. So a worker that has just created a
// container always sees it, and the engine gets at most one list at a time.

interface Waiting<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

function waiting<T>(): Waiting<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export class FreshRead<T> {
  /** The read everyone asking now will share; it has not started. */
  private next: Waiting<T> | undefined;
  private running = false;

  constructor(private readonly read: () => Promise<T>) {}

  /** An answer read entirely after this call. */
  get(): Promise<T> {
    if (this.next) return this.next.promise;
    const next = waiting<T>();
    this.next = next;
    // Callers of the same tick share the first read too.
    if (!this.running) queueMicrotask(() => this.startNext());
    return next.promise;
  }

  private startNext(): void {
    const next = this.next;
    if (!next || this.running) return;
    this.next = undefined;
    this.running = true;
    this.read()
      .then(next.resolve, next.reject)
      .finally(() => {
        this.running = false;
        this.startNext();
      });
  }
}
