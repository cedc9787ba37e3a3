// e2e: the real kubectl (1.32) running `logs`, `exec`, `attach`, `run -i`,
// `port-forward` and `cp` against the apiserver's Kubernetes HTTP API (HTTPS,
// bearer token), through the relay to a real agent on the Docker engine, and
// @kubernetes/client-node's Exec, Log and PortForward against the same pods.
// kubectl 1.32 speaks exec and attach over WebSocket v5 and port-forward as
// SPDY/3.1 tunnelled in a WebSocket; it falls back to SPDY only when the
// upgrade is refused. Needs the HTTPS front end (router, authentication) with
// the pod-streams handlers mounted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Exec, KubeConfig, Log, PortForward, type V1Status } from '@kubernetes/client-node';
import { WebSocket } from 'ws';
import type { Pod } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { resources } from '../api/resources.js';
import { startAgent, type TestAgent } from '../testkit/processes/agent-process.js';
import { busybox, dockerSkipReason, ensureTestImages, isReady, podManifest, waitForPod, waitForPodGone } from '../testkit/docker/pod-helpers.js';
import { TEST_BUSYBOX_IMAGE, TEST_NGINX_IMAGE } from '../testkit/processes/agent-process.js';
import { startControlPlane, type TestControlPlane } from '../testkit/processes/control-plane.js';
import { kubectlSkipReason, runKubectl, startKubectl } from '../testkit/kubectl.js';
import { forwardedPort, httpGet, withTimeout } from '../testkit/kubectl-port-forward.js';

const DOCKER_SKIP = await dockerSkipReason();
/** The kubectl whose wire behaviour these tests pin (WebSocket v5 exec). */
const KUBECTL_VERSION = '1.32';
const FOLLOW_OUTPUT_TIMEOUT_MS = 15_000;

const POD = 'talker';
/** Serves nginx's welcome page on port 80, for port-forward. */
const WEB = 'web';
/** A shell with stdin and a TTY, for attach. */
const SHELL = 'shell';
const WELCOME = /Welcome to nginx on Flotilla/;
/** Bounds waits on a forwarded connection or a client-node stream: a test fails with what it saw instead of hanging. */
const STREAM_TIMEOUT_MS = 15_000;
/** Large enough that kubectl cp sends its tar over many WebSocket messages. */
const CP_FILE_BYTES = 3 * 1024 * 1024;
/** Counts once a second, so a follower always has a next line to wait for. */
const APP_SCRIPT = 'i=0; while true; do i=$((i+1)); echo line-$i; sleep 1; done';

function lineNumbers(text: string): number[] {
  return [...text.matchAll(/^line-(\d+)$/gm)].map((m) => Number(m[1]));
}

const skip = kubectlSkipReason(KUBECTL_VERSION) || DOCKER_SKIP;

describe('kubectl logs, exec, attach, run -i, port-forward and cp over the Kubernetes HTTP API', { skip }, () => {
  let cp: TestControlPlane;
  let agent: TestAgent;
  let client: ApiClient;
  let kubeconfig: string;
  const run = (args: string[], stdin?: string) => runKubectl(args, { kubeconfig, version: KUBECTL_VERSION, ...(stdin === undefined ? {} : { stdin }) });

  before(async () => {
    await ensureTestImages();
    cp = await startControlPlane({ https: true });
    kubeconfig = cp.apiserver.kubeconfigPath as string;
    client = cp.apiserver.client();
    agent = await startAgent(cp.apiserver.address, { logDir: cp.logDir });
    const pod: Pod = podManifest(POD, agent.nodeName, { containers: [busybox('app', APP_SCRIPT), busybox('side', 'sleep 3600')] });
    pod.metadata.annotations = { 'kubectl.kubernetes.io/default-container': 'app' };
    await client.create(resources.pods, pod);
    await client.create(resources.pods, podManifest(WEB, agent.nodeName, { containers: [{ name: 'nginx', image: TEST_NGINX_IMAGE, ports: [{ containerPort: 80 }] }] }));
    await waitForPod(client, POD, 'Ready', isReady);
    await waitForPod(client, WEB, 'Ready', isReady);
  });

  after(async () => {
    await agent?.stop();
    client?.close();
    await cp?.stop();
  });

  it('logs prints the default container; --tail, -c and errors as kubectl prints them', async () => {
    let all = await run(['logs', POD]);
    for (let i = 0; i < 20 && lineNumbers(all.stdout).length < 2; i++) {
      await new Promise((r) => setTimeout(r, 500));
      all = await run(['logs', POD]);
    }
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /^line-1\nline-2\n/);
    const tail = await run(['logs', POD, '--tail', '1']);
    assert.match(tail.stdout, /^line-\d+\n$/);
    const limited = await run(['logs', POD, '--limit-bytes', '3']);
    assert.equal(limited.stdout, 'lin');
    const side = await run(['logs', POD, '-c', 'side']);
    assert.equal(side.code, 0, side.stderr);
    assert.equal(side.stdout, '');
    const missing = await run(['logs', 'nope']);
    assert.equal(missing.code, 1);
    // kubectl logs resolves the pod itself and words the 404 its own way.
    assert.match(missing.stderr, /error from server \(NotFound\): pods "nope" not found in namespace "default"/);
  });

  it('logs -f streams new lines until kubectl is stopped', async () => {
    const follower = startKubectl(['logs', '-f', POD, '--tail', '1'], { kubeconfig, version: KUBECTL_VERSION });
    let output = '';
    follower.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const deadline = Date.now() + FOLLOW_OUTPUT_TIMEOUT_MS;
      while (lineNumbers(output).length < 3) {
        if (Date.now() > deadline) throw new Error(`no new lines followed: ${JSON.stringify(output)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const seen = lineNumbers(output);
      assert.deepEqual(seen.slice(1), [seen[0] + 1, seen[0] + 2]);
      assert.equal(follower.exitCode, null, 'still following');
    } finally {
      follower.kill('SIGINT');
    }
    // The relay let go of the stopped follower: the next request is served.
    const again = await run(['logs', POD, '--tail', '1']);
    assert.equal(again.code, 0, again.stderr);
  });

  it('exec runs a command and prints its output (WebSocket v5)', async () => {
    const res = await run(['exec', POD, '--', 'cat', '/etc/hostname']);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, `${POD}\n`);
    const side = await run(['exec', POD, '-c', 'side', '--', 'sh', '-c', 'echo out; echo err >&2']);
    assert.equal(side.stdout, 'out\n');
    assert.equal(side.stderr, 'err\n');
  });

  it('exec -i feeds stdin and ends it at EOF (the v5 close signal)', async () => {
    const piped = await run(['exec', '-i', POD, '--', 'sh', '-c', 'cat; echo done'], 'hello\nworld\n');
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(piped.stdout, 'hello\nworld\ndone\n');
  });

  it('exec passes the exit code through the error channel', async () => {
    const res = await run(['exec', POD, '--', 'sh', '-c', 'exit 3']);
    assert.equal(res.code, 3);
    assert.match(res.stderr, /command terminated with exit code 3/);
    const missing = await run(['exec', POD, '-c', 'nope', '--', 'true']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /container nope is not valid for pod talker/);
  });

  it('attach -i -t reaches the main process of a container with stdin and a TTY', async () => {
    const shell = podManifest(SHELL, agent.nodeName, {
      restartPolicy: 'Never',
      containers: [{ name: 'sh', image: TEST_BUSYBOX_IMAGE, command: ['sh'], stdin: true, tty: true }],
    });
    await client.create(resources.pods, shell);
    await waitForPod(client, SHELL, 'Running', (p) => p.status?.phase === 'Running');
    // kubectl's stdin is a pipe, not a terminal: it says so and asks for no TTY; the container's TTY is used anyway.
    const res = await run(['attach', '-i', '-t', SHELL], 'echo hello-$((40+2)); exit\n');
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^hello-42\r?$/m);
    const done = await waitForPod(client, SHELL, 'Succeeded', (p) => p.status?.phase === 'Succeeded');
    assert.equal(done.status?.containerStatuses?.[0].state?.terminated?.exitCode, 0);
    const missing = await run(['attach', 'nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /pods "nope" not found/);
  });

  it('attach with a TTY takes the client\'s terminal size (resize channel)', async () => {
    await client.create(resources.pods, podManifest('sizer', agent.nodeName, {
      restartPolicy: 'Never',
      containers: [{ name: 'sh', image: TEST_BUSYBOX_IMAGE, command: ['sh'], stdin: true, tty: true }],
    }));
    await waitForPod(client, 'sizer', 'Running', (p) => p.status?.phase === 'Running');
    const url = `wss://127.0.0.1:${cp.apiserver.httpsPort}/api/v1/namespaces/default/pods/sizer/attach?stdin=true&stdout=true&tty=true`;
    const ws = new WebSocket(url, ['v5.channel.k8s.io'], { ca: readFileSync(cp.apiserver.caFile as string), headers: { Authorization: `Bearer ${cp.apiserver.token}` } });
    let output = '';
    ws.on('message', (data: Buffer) => {
      if (data[0] === 1) output += data.subarray(1).toString();
    });
    const closed = once(ws, 'close');
    await withTimeout(once(ws, 'open'), 'the attach to open');
    const frame = (channel: number, text: string): Buffer => Buffer.concat([Buffer.from([channel]), Buffer.from(text)]);
    ws.send(frame(4, JSON.stringify({ Width: 123, Height: 45 })));
    // Docker applies the size asynchronously to the shell's reads: ask until the answer is the new size.
    const deadline = Date.now() + STREAM_TIMEOUT_MS;
    while (!/^45 123\r?$/m.test(output) && Date.now() < deadline) {
      ws.send(frame(0, 'stty size\n'));
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(output, /^45 123\r?$/m);
    ws.send(frame(0, 'exit\n'));
    await withTimeout(closed, 'the attach to end with the shell');
  });

  it('run -i --rm creates a pod, feeds its stdin through attach, prints its output and removes it', async () => {
    const overrides = JSON.stringify({ apiVersion: 'v1', spec: { nodeName: agent.nodeName, terminationGracePeriodSeconds: 1 } });
    const res = await run(
      ['run', 'reader', '-i', '--rm', `--image=${TEST_BUSYBOX_IMAGE}`, '--restart=Never', `--overrides=${overrides}`, '--', 'sh', '-c', 'read line; echo got-$line'],
      'ping\n',
    );
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^got-ping$/m);
    assert.match(res.stdout + res.stderr, /pod "reader" deleted/);
    await waitForPodGone(client, 'reader');
  });

  it('port-forward serves a pod\'s port on a local one (SPDY in a WebSocket)', async () => {
    const forwarder = startKubectl(['port-forward', `pod/${WEB}`, ':80'], { kubeconfig, version: KUBECTL_VERSION });
    try {
      const port = await forwardedPort(forwarder);
      for (let i = 0; i < 2; i++) {
        const page = await httpGet(port);
        assert.equal(page.status, 200);
        assert.match(page.body, WELCOME);
      }
      assert.equal(forwarder.exitCode, null, 'still forwarding');
    } finally {
      forwarder.kill('SIGINT');
    }
  });

  it('port-forward to a port nobody listens on reports the refusal and gives up', async () => {
    const forwarder = startKubectl(['port-forward', `pod/${WEB}`, ':81'], { kubeconfig, version: KUBECTL_VERSION });
    let stderr = '';
    forwarder.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const port = await forwardedPort(forwarder);
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      await withTimeout(once(socket, 'close'), 'the forwarded connection to close');
      const [code] = (await withTimeout(once(forwarder, 'exit'), 'kubectl to give up')) as [number | null];
      assert.equal(code, 1);
      assert.match(stderr, /error forwarding port 81 to pod web, uid [0-9a-f-]+: dial tcp4 [\d.]+:81: connect: connection refused/);
      assert.match(stderr, /lost connection to pod/);
    } finally {
      forwarder.kill('SIGINT');
    }
  });

  it('cp copies a file into a container and back out (tar over exec)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flotilla-cp-'));
    try {
      const original = randomBytes(CP_FILE_BYTES);
      writeFileSync(join(dir, 'blob.bin'), original);
      const up = await run(['cp', join(dir, 'blob.bin'), `${POD}:/tmp/blob.bin`]);
      assert.equal(up.code, 0, up.stderr);
      const sum = await run(['exec', POD, '--', 'wc', '-c', '/tmp/blob.bin']);
      assert.match(sum.stdout, new RegExp(`^${CP_FILE_BYTES} /tmp/blob.bin`));
      const down = await run(['cp', `${POD}:/tmp/blob.bin`, join(dir, 'back.bin')]);
      assert.equal(down.code, 0, down.stderr);
      assert.ok(readFileSync(join(dir, 'back.bin')).equals(original), 'the copy that came back is the file that went in');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('@kubernetes/client-node 1.4: Exec, Log and PortForward', () => {
    const kubeConfig = (): KubeConfig => {
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfig);
      return kc;
    };

    it('Exec runs a command and reports its Status', async () => {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = '';
      stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const status = await withTimeout(
        new Promise<V1Status>((resolve, reject) => {
          new Exec(kubeConfig()).exec('default', POD, 'side', ['sh', '-c', 'echo from-$HOSTNAME; exit 2'], stdout, stderr, null, false, resolve).catch(reject);
        }),
        'the exec Status',
      );
      assert.equal(out, `from-${POD}\n`);
      assert.equal(status.status, 'Failure');
      assert.equal(status.reason, 'NonZeroExitCode');
    });

    it('Log reads a container\'s log', async () => {
      const sink = new PassThrough();
      let text = '';
      sink.on('data', (chunk: Buffer) => (text += chunk.toString()));
      await new Log(kubeConfig()).log('default', POD, 'app', sink, { follow: false, tailLines: 2 });
      await withTimeout(once(sink, 'finish'), 'the log to end');
      assert.match(text, /^line-\d+\nline-\d+\n$/);
    });

    it('PortForward carries an HTTP exchange over the channel protocol', async () => {
      const input = new PassThrough();
      const output = new PassThrough();
      const errors = new PassThrough();
      let received = '';
      output.on('data', (chunk: Buffer) => (received += chunk.toString()));
      const ws = await new PortForward(kubeConfig()).portForward('default', WEB, [80], output, errors, input);
      try {
        input.write('GET / HTTP/1.0\r\nHost: web\r\n\r\n');
        await withTimeout(waitUntilText(() => received, WELCOME), 'the page');
        assert.match(received, /^HTTP\/1\.1 200 OK\r\n/);
      } finally {
        (ws as { close(): void }).close();
      }
    });
  });
});

async function waitUntilText(text: () => string, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + STREAM_TIMEOUT_MS;
  while (!pattern.test(text()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
