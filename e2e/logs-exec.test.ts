// e2e: `flotctl logs` and `flotctl exec` as child processes, through a real
// apiserver that relays to a real agent on the Docker engine. One pod, bound
// by spec.nodeName (no scheduler), serves every case.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, Pod } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { startAgent, type TestAgent } from '../testkit/processes/agent-process.js';
import { busybox, containerStatus, dockerSkipReason, ensureTestImages, isReady, podManifest, waitForPod } from '../testkit/docker/pod-helpers.js';
import { flotctl, startFlotctl } from '../testkit/processes/flotctl-process.js';
import { startControlPlane, type TestControlPlane } from '../testkit/processes/control-plane.js';
import { resources } from '../api/resources.js';

const DOCKER_SKIP = await dockerSkipReason();
/** A restart waits out CrashLoopBackOff's first step (10 s). */
const RESTART_TIMEOUT_MS = 60_000;

const POD = 'talker';
/**
 * Says which run it is (the marker survives restarts in the emptyDir), then
 * counts once a second until /tmp/stop exists; the restarted container has
 * a fresh /tmp, so it counts on.
 */
const APP_SCRIPT =
  'if [ -f /data/ran ]; then echo second-run; else touch /data/ran; echo first-run; fi; ' +
  'i=0; while [ ! -f /tmp/stop ]; do i=$((i+1)); echo line-$i; sleep 1; done';

function lineNumbers(text: string): number[] {
  return [...text.matchAll(/^line-(\d+)$/gm)].map((m) => Number(m[1]));
}

describe('flotctl logs and exec through the apiserver relay', { skip: DOCKER_SKIP }, () => {
  let cp: TestControlPlane;
  let agent: TestAgent;
  let client: ApiClient;
  let server: string;
  const run = (args: string[], stdin?: string) => flotctl(server, args, stdin);

  before(async () => {
    await ensureTestImages();
    cp = await startControlPlane();
    server = cp.apiserver.address;
    client = cp.apiserver.client();
    agent = await startAgent(server, { logDir: cp.logDir });
    const pod = podManifest(POD, agent.nodeName, {
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [
        busybox('app', APP_SCRIPT, { volumeMounts: [{ name: 'data', mountPath: '/data' }] }),
        busybox('side', 'sleep 3600'),
      ],
    });
    pod.metadata.labels = { app: POD };
    pod.metadata.annotations = { 'kubectl.kubernetes.io/default-container': 'app' };
    await client.create(resources.pods, pod);
    await waitForPod(client, POD, 'Ready', isReady);
  });

  after(async () => {
    await agent?.stop();
    client?.close();
    await cp?.stop();
  });

  it('logs prints the default container\'s log; --tail and --timestamps shape it', async () => {
    let all = await run(['logs', POD]);
    for (let i = 0; i < 20 && lineNumbers(all.stdout).length < 2; i++) {
      await new Promise((r) => setTimeout(r, 500));
      all = await run(['logs', POD]);
    }
    assert.equal(all.code, 0, all.stderr);
    assert.equal(all.stderr, '');
    assert.match(all.stdout, /^first-run\nline-1\nline-2\n/);

    const tail = await run(['logs', POD, '--tail', '1']);
    assert.equal(tail.code, 0, tail.stderr);
    assert.match(tail.stdout, /^line-\d+\n$/);

    const stamped = await run(['logs', POD, '--tail', '2', '--timestamps']);
    assert.match(stamped.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z line-\d+\n\d{4}-\d\d-\d\dT\S+ line-\d+\n$/);

    const side = await run(['logs', POD, '-c', 'side']);
    assert.equal(side.code, 0, side.stderr);
    assert.equal(side.stdout, '');
  });

  it('logs -f streams new lines until it is stopped', async () => {
    const follower = startFlotctl(server, ['logs', '-f', POD, '--tail', '1']);
    try {
      const first = Math.max(...lineNumbers(await follower.waitForOutput(/line-\d+\n/)));
      await follower.waitForOutput(new RegExp(`line-${first + 1}\\n`));
      assert.equal(follower.child.exitCode, null, 'still following');
    } finally {
      await follower.stop();
    }
  });

  it('a cancelled follow ends quietly on the client, and the relay lets go', async () => {
    const stream = client.podLogs('default', POD, { follow: true, tailLines: 0 });
    const seen: string[] = [];
    for await (const chunk of stream) {
      seen.push(chunk.toString());
      stream.cancel();
    }
    assert.match(seen.join(''), /line-\d+/);
    // The apiserver still serves the next request on the same relay.
    const again = await run(['logs', POD, '--tail', '1']);
    assert.equal(again.code, 0, again.stderr);
  });

  it('logs deploy/NAME picks a pod of the workload', async () => {
    const deployment: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: POD, namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: POD } },
        template: { metadata: { labels: { app: POD } }, spec: { containers: [{ name: 'app', image: 'unused' }] } },
      },
    };
    await client.create(resources.deployments, deployment);
    const res = await run(['logs', `deploy/${POD}`, '--tail', '1']);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^line-\d+\n$/);
  });

  it('exec runs a command in the pod and prints its output', async () => {
    const res = await run(['exec', POD, '--', 'cat', '/etc/hostname']);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, `${POD}\n`);
    const side = await run(['exec', POD, '-c', 'side', '--', 'sh', '-c', 'echo $HOSTNAME-side']);
    assert.equal(side.stdout, `${POD}-side\n`);
  });

  it('exec -i feeds stdin; without -i the command sees none', async () => {
    const piped = await run(['exec', '-i', POD, '--', 'sh', '-c', 'cat; echo done'], 'hello\nworld\n');
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(piped.stdout, 'hello\nworld\ndone\n');
    const closed = await run(['exec', POD, '--', 'cat'], 'ignored\n');
    assert.equal(closed.code, 0, closed.stderr);
    assert.equal(closed.stdout, '');
  });

  it('exec -it without a terminal warns and runs without a TTY', async () => {
    const res = await run(['exec', '-it', POD, '--', 'sh', '-c', 'cat; [ -t 0 ] || echo no-tty'], 'typed\n');
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, 'typed\nno-tty\n');
    assert.match(res.stderr, /^Unable to use a TTY - input is not a terminal or the right kind of file\n$/);
  });

  it('exec exits with the remote command\'s exit code and keeps stdout and stderr apart', async () => {
    const res = await run(['exec', POD, '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    assert.equal(res.code, 3);
    assert.equal(res.stdout, 'out\n');
    assert.equal(res.stderr, 'err\ncommand terminated with exit code 3\n');
  });

  it('unknown pods and containers are errors, as kubectl reports them', async () => {
    for (const args of [['logs', 'nope'], ['exec', 'nope', '--', 'true']]) {
      const res = await run(args);
      assert.equal(res.code, 1);
      assert.equal(res.stderr, 'Error from server (NotFound): pods "nope" not found\n');
    }
    for (const args of [['logs', POD, '-c', 'nope'], ['exec', POD, '-c', 'nope', '--', 'true']]) {
      const res = await run(args);
      assert.equal(res.code, 1);
      assert.equal(res.stderr, `Error from server (BadRequest): container nope is not valid for pod ${POD}\n`);
    }
    const noCommand = await run(['exec', POD]);
    assert.equal(noCommand.code, 1);
    assert.match(noCommand.stderr, /^error: you must specify at least one command for the container\n$/);
  });

  it('a pod without a node has no logs to relay', async () => {
    await client.create(resources.pods, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'unbound', namespace: 'default' }, spec: { containers: [busybox('app', 'true')] } } satisfies Pod);
    const res = await run(['logs', 'unbound']);
    assert.equal(res.code, 1);
    assert.equal(res.stderr, 'Error from server (BadRequest): pod unbound does not have a host assigned\n');
  });

  it('logs --previous shows the container before its restart', async () => {
    const stop = await run(['exec', POD, '--', 'touch', '/tmp/stop']);
    assert.equal(stop.code, 0, stop.stderr);
    await waitForPod(client, POD, 'app restarted and running', (p) => (containerStatus(p, 'app')?.restartCount ?? 0) >= 1 && containerStatus(p, 'app')?.state?.running !== undefined, RESTART_TIMEOUT_MS);
    const previous = await run(['logs', POD, '--previous']);
    assert.equal(previous.code, 0, previous.stderr);
    assert.match(previous.stdout, /^first-run\nline-1\n/);
    assert.doesNotMatch(previous.stdout, /second-run/);
    const current = await run(['logs', POD]);
    assert.match(current.stdout, /^second-run\n/);
  });
});
