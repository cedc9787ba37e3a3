import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, notFound } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeObject, Node, Pod } from '../../api/types/index.js';
import type { ByteStream } from '../../client/byte-stream.js';
import type { ExecOutputSink, ExecSession } from '../../client/exec-session.js';
import type { PortForwardSession, PortForwardSink } from '../../client/port-forward-session.js';
import type { ExecStart, LogsRequest, PortForwardStart } from '../../client/streaming-messages.js';
import { PodRelay, type AgentStreams, type PodSource } from './pod-relay.js';

const NODE: Node = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'n1' },
  status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }], daemonEndpoints: { kubeletEndpoint: { Port: 10250 } } },
} as Node;

function pod(overrides: Partial<Pod['spec']> = {}, phase = 'Running'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: { nodeName: 'n1', containers: [{ name: 'app', image: 'busybox' }], ...overrides },
    status: { phase },
  } as Pod;
}

function source(objects: KubeObject[]): PodSource {
  return {
    get: async (info: ResourceInfo, namespace: string, name: string) => {
      const found = objects.find((o) => o.kind === info.kind && o.metadata.name === name && (o.metadata.namespace ?? '') === namespace);
      if (!found) throw notFound(info.plural, name);
      return found;
    },
  };
}

/** An agent that records what it was asked and hands out streams that count cancels. */
class FakeAgent implements AgentStreams {
  readonly addresses: string[] = [];
  readonly logRequests: LogsRequest[] = [];
  readonly execStarts: ExecStart[] = [];
  readonly attachStarts: ExecStart[] = [];
  readonly portForwardStarts: PortForwardStart[] = [];
  cancels = 0;
  finish: (code: number) => void = () => undefined;

  logs(req: LogsRequest): ByteStream {
    this.logRequests.push(req);
    const cancel = (): void => {
      this.cancels++;
    };
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from('line\n');
    }
    const it = chunks();
    return { [Symbol.asyncIterator]: () => it, cancel };
  }

  openAttach(start: ExecStart, sink: ExecOutputSink): ExecSession {
    this.attachStarts.push(start);
    return this.session(sink);
  }

  openPortForward(start: PortForwardStart, _sink: PortForwardSink): PortForwardSession {
    this.portForwardStarts.push(start);
    return {
      done: new Promise<void>(() => undefined),
      write: () => true,
      end: () => undefined,
      cancel: () => {
        this.cancels++;
      },
    };
  }

  openExec(start: ExecStart, sink: ExecOutputSink): ExecSession {
    this.execStarts.push(start);
    return this.session(sink);
  }

  private session(_sink: ExecOutputSink): ExecSession {
    let resolve: (code: number) => void = () => undefined;
    const done = new Promise<number>((r) => (resolve = r));
    this.finish = resolve;
    return {
      done,
      writeStdin: () => true,
      closeStdin: () => undefined,
      resize: () => undefined,
      cancel: () => {
        this.cancels++;
      },
    };
  }
}

function relayWith(objects: KubeObject[]): { relay: PodRelay; agent: FakeAgent } {
  const agent = new FakeAgent();
  const relay = new PodRelay(source(objects), {
    get: (address) => {
      agent.addresses.push(address);
      return agent;
    },
  });
  return { relay, agent };
}

test('logs: the default container and the node\'s agent address are filled in', async () => {
  const { relay, agent } = relayWith([pod(), NODE]);
  const target = await relay.prepareLogs({ namespace: 'default', name: 'web', follow: true });
  assert.equal(target.container, 'app');
  const chunks: string[] = [];
  for await (const chunk of target.open()) chunks.push(chunk.toString());
  assert.deepEqual(chunks, ['line\n']);
  assert.deepEqual(agent.addresses, ['10.0.0.2:10250']);
  assert.equal(agent.logRequests[0].container, 'app');
  assert.equal(agent.logRequests[0].follow, true);
});

test('logs: a pod with two containers and none named is a BadRequest listing them', async () => {
  const { relay } = relayWith([pod({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x' }] }), NODE]);
  await assert.rejects(relay.prepareLogs({ namespace: 'default', name: 'web' }), (err: unknown) => {
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 400);
    assert.equal(err.message, 'a container name must be specified for pod web, choose one of: [a b]');
    return true;
  });
});

test('a missing pod is NotFound; an unscheduled one is a BadRequest', async () => {
  const { relay } = relayWith([pod({ nodeName: undefined }), NODE]);
  await assert.rejects(relay.prepareLogs({ namespace: 'default', name: 'nope' }), { reason: 'NotFound', message: 'pods "nope" not found' });
  await assert.rejects(relay.prepareExec({ namespace: 'default', name: 'web', command: ['ls'] }), {
    reason: 'BadRequest',
    message: 'pod web does not have a host assigned',
  });
});

test('exec: no command, and a completed pod, are refused before the agent is asked', async () => {
  const { relay, agent } = relayWith([pod({}, 'Succeeded'), NODE]);
  await assert.rejects(relay.prepareExec({ namespace: 'default', name: 'web', command: [] }), {
    message: 'you must specify at least one command for the container',
  });
  await assert.rejects(relay.prepareExec({ namespace: 'default', name: 'web', command: ['ls'] }), {
    message: 'cannot exec into a container in a completed pod; current phase is Succeeded',
  });
  assert.equal(agent.addresses.length, 0);
});

test('stop() cancels open streams and sessions, but not finished ones', async () => {
  const { relay, agent } = relayWith([pod(), NODE]);
  const logs = await relay.prepareLogs({ namespace: 'default', name: 'web' });
  for await (const _ of logs.open()) break;
  const exec = await relay.prepareExec({ namespace: 'default', name: 'web', command: ['sh'] });
  const finished = exec.open({ stdout: () => undefined, stderr: () => undefined });
  agent.finish(0);
  await finished.done;
  exec.open({ stdout: () => undefined, stderr: () => undefined });
  const openLogs = logs.open();
  const before = agent.cancels;
  relay.stop();
  assert.equal(agent.cancels - before, 2, 'the running session and the unread log stream');
  void openLogs;
});

test('attach: stdin reaches the container only when its spec opens stdin; the TTY is the container\'s', async () => {
  const spec = { containers: [{ name: 'app', image: 'busybox', stdin: true, tty: true }, { name: 'quiet', image: 'busybox' }] };
  const { relay, agent } = relayWith([pod(spec), NODE]);
  const open = await relay.prepareAttach({ namespace: 'default', name: 'web', container: 'app', stdin: true, tty: false });
  assert.deepEqual([open.stdin, open.tty], [true, true]);
  open.open({ stdout: () => undefined, stderr: () => undefined });
  assert.deepEqual(agent.attachStarts[0], { namespace: 'default', name: 'web', container: 'app', command: [], stdin: true, tty: true });
  const quiet = await relay.prepareAttach({ namespace: 'default', name: 'web', container: 'quiet', stdin: true, tty: true });
  assert.deepEqual([quiet.stdin, quiet.tty], [false, false]);
  quiet.open({ stdout: () => undefined, stderr: () => undefined });
  assert.equal(agent.attachStarts[1].stdin, false);
  assert.equal(agent.attachStarts[1].tty, false);
});

test('attach and port-forward: a completed pod is refused before the agent is asked', async () => {
  const { relay, agent } = relayWith([pod({}, 'Failed'), NODE]);
  await assert.rejects(relay.prepareAttach({ namespace: 'default', name: 'web' }), {
    message: 'cannot attach to a container in a completed pod; current phase is Failed',
  });
  await assert.rejects(relay.preparePortForward('default', 'web'), { message: 'cannot forward ports of a completed pod; current phase is Failed' });
  assert.equal(agent.addresses.length, 0);
});

test('port-forward: each connection names the pod and port to the node\'s agent, and stop() cancels it', async () => {
  const { relay, agent } = relayWith([pod(), NODE]);
  const target = await relay.preparePortForward('default', 'web');
  target.open(8080, { connected: () => undefined, data: () => undefined });
  assert.deepEqual(agent.portForwardStarts, [{ namespace: 'default', name: 'web', port: 8080 }]);
  assert.deepEqual(agent.addresses, ['10.0.0.2:10250']);
  const before = agent.cancels;
  relay.stop();
  assert.equal(agent.cancels - before, 1);
});
