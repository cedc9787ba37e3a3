// Objects and watch helpers shared by the apiserver's integration tests.
import * as grpc from '@grpc/grpc-js';
import { apiChannel, type ApiCredentials } from '../../client/api-credentials.js';
import type { WatchStream } from '../../client/api-client.js';
import { apiServiceConstructor } from '../../client/grpc-definition.js';
import { fromServiceError } from '../../client/grpc-status.js';
import { waitFor } from '../processes/child-process.js';
import { sleep } from '../../client/abort-helpers.js';
import type { KubeObject, WatchEvent } from '../../api/types/index.js';

export const WAIT_TIMEOUT_MS = 5_000;
const POLL_MS = 10;

export function pod(name: string, namespace = 'default', extra: { labels?: Record<string, string>; spec?: Record<string, unknown> } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, ...(extra.labels ? { labels: extra.labels } : {}) },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }], ...(extra.spec ?? {}) },
  };
}

export function deployment(name: string, namespace = 'default', replicas = 1): KubeObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
    },
  };
}

export function namespaceObject(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function event(name: string, namespace = 'default'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'x', namespace },
    reason: 'Testing',
    message: 'an event for the tests',
    type: 'Normal',
    count: 1,
    source: { component: 'apiserver-test' },
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}

export function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = WAIT_TIMEOUT_MS): Promise<T> {
  return waitFor(what, probe, timeoutMs, POLL_MS * 5);
}

/** Reads a watch in the background so tests can wait for what they expect. */
export class WatchRecorder<T extends KubeObject = KubeObject> {
  readonly events: WatchEvent<T>[] = [];
  error: Error | undefined;
  ended = false;

  constructor(private readonly stream: WatchStream<T>) {
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      for await (const ev of this.stream) this.events.push(ev);
    } catch (err) {
      this.error = err instanceof Error ? err : new Error(String(err));
    } finally {
      this.ended = true;
    }
  }

  /** Waits until at least `count` events arrived (not counting bookmarks unless asked). */
  async take(count: number, opts: { bookmarks?: boolean; timeoutMs?: number } = {}): Promise<WatchEvent<T>[]> {
    const pick = (): WatchEvent<T>[] => (opts.bookmarks ? this.events : this.events.filter((e) => e.type !== 'BOOKMARK'));
    const deadline = Date.now() + (opts.timeoutMs ?? WAIT_TIMEOUT_MS);
    while (pick().length < count) {
      if (this.error) throw this.error;
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} watch events, got ${pick().length}: ${JSON.stringify(pick().map((e) => [e.type, e.object.metadata?.name]))}`);
      }
      await sleep(POLL_MS);
    }
    return pick().slice(0, count);
  }

  /** Waits until the watch ended (with or without an error). */
  async end(timeoutMs = WAIT_TIMEOUT_MS): Promise<Error | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('the watch did not end');
      await sleep(POLL_MS);
    }
    return this.error;
  }

  cancel(): void {
    this.stream.cancel();
  }
}

export function summary(events: WatchEvent[]): string[] {
  return events.map((e) => `${e.type} ${e.object.metadata?.name ?? ''}`);
}

/** Calls one unary method with a hand-made request, for requests ApiClient never sends; `credentials` for a TLS port. */
export function rawUnary(address: string, method: string, request: object, credentials?: ApiCredentials): Promise<Record<string, unknown>> {
  const Ctor = apiServiceConstructor();
  const channel = apiChannel(address, credentials);
  const stub = new Ctor(address, channel.credentials, channel.options);
  const fn = (stub as unknown as Record<string, (req: object, cb: (err: grpc.ServiceError | null, reply: Record<string, unknown>) => void) => void>)[method];
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    fn.call(stub, request, (err, reply) => {
      stub.close();
      if (err) reject(fromServiceError(err));
      else resolve(reply);
    });
  });
}
