// One API watcher: filters changes for its namespace and selectors, drops what
// it has already seen, sends bookmarks when asked to, and cleans up once.
import type { ApiError } from '../../api/errors.js';
import { apiVersionOf } from '../../api/resources.js';
import type { ChangeSink, ChangeSource } from './change-sink.js';
import type { ObjectChange } from './object-change.js';
import { eventFor, type OutgoingEvent, type WatchFilter } from './watch-filter.js';

export interface WatchOutput {
  send(event: OutgoingEvent): void;
  /** Ends the call with an error the client will see. */
  fail(err: ApiError): void;
  /** Ends the call normally. */
  close(): void;
}

export class WatchSession implements ChangeSink {
  private lastRevision: number;
  private closed = false;
  private readonly cleanups: (() => void)[] = [];
  private source: ChangeSource | undefined;

  constructor(
    private readonly filter: WatchFilter,
    private readonly afterRevision: number,
    private readonly output: WatchOutput,
  ) {
    this.lastRevision = afterRevision;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  deliver(change: ObjectChange): void {
    if (this.closed || change.revision <= this.afterRevision) return;
    this.lastRevision = Math.max(this.lastRevision, change.revision);
    const event = eventFor(this.filter, change);
    if (event) this.output.send(event);
  }

  /** Connects the session to where its changes come from; `detach` runs when it ends. */
  attach(source: ChangeSource, detach: () => void, bookmarkIntervalMs: number): void {
    this.source = source;
    this.onEnd(detach);
    if (bookmarkIntervalMs > 0) {
      const timer = setInterval(() => this.bookmark(), bookmarkIntervalMs);
      this.onEnd(() => clearInterval(timer));
    }
  }

  onEnd(cleanup: () => void): void {
    if (this.closed) cleanup();
    else this.cleanups.push(cleanup);
  }

  bookmark(): void {
    if (this.closed) return;
    const revision = Math.max(this.lastRevision, this.source?.currentRevision() ?? 0);
    this.lastRevision = revision;
    const object = { apiVersion: apiVersionOf(this.filter.info), kind: this.filter.info.kind, metadata: { resourceVersion: String(revision) } };
    this.output.send({ type: 'BOOKMARK', objectJson: JSON.stringify(object) });
  }

  /** The source ended: tell the client (with the error, if any) and clean up. */
  end(err?: ApiError): void {
    if (this.closed) return;
    this.finish();
    if (err) this.output.fail(err);
    else this.output.close();
  }

  /** The client went away. */
  cancel(): void {
    if (!this.closed) this.finish();
  }

  private finish(): void {
    this.closed = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}
