// e2e: the real kubectl (1.32) running `logs` and `exec` against the
// apiserver's Kubernetes HTTP API (HTTPS, bearer token), through the relay
// to a real agent on the Docker engine. kubectl 1.32 speaks exec over
// WebSocket v5 and falls back to SPDY only when the upgrade is refused.
// Needs the HTTPS front end (router, authentication) with the pod-streams
// handlers mounted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { resources } from '../api/resources.js';
import { startAgent, type TestAgent } from '../testkit/processes/agent-process.js';
import { busybox, dockerAvailable, ensureTestImages, isReady, podManifest, waitForPod } from '../testkit/docker/pod-helpers.js';
import { startControlPlane, type TestControlPlane } from '../testkit/processes/control-plane.js';
import { kubectlSkipReason, runKubectl, startKubectl } from '../testkit/kubectl.js';

const HAVE_DOCKER = await dockerAvailable();
/** CI sets this so a missing engine fails the run instead of skipping the e2e tests. */
const REQUIRE_DOCKER = process.env.FLOTILLA_REQUIRE_DOCKER === '1';
/** The kubectl whose wire behaviour these tests pin (WebSocket v5 exec). */
const KUBECTL_VERSION = '1.32';
const FOLLOW_OUTPUT_TIMEOUT_MS = 15_000;

const POD = 'talker';
/** Counts once a second, so a follower always has a next line to wait for. */
const APP_SCRIPT = 'i=0; while true; do i=$((i+1)); echo line-$i; sleep 1; done';

function lineNumbers(text: string): number[] {
  return [...text.matchAll(/^line-(\d+)$/gm)].map((m) => Number(m[1]));
}

const skip = kubectlSkipReason(KUBECTL_VERSION) || (HAVE_DOCKER || REQUIRE_DOCKER ? false : 'the Docker engine does not answer');

describe('kubectl logs and exec over the Kubernetes HTTP API', { skip }, () => {
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
    await waitForPod(client, POD, 'Ready', isReady);
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

  it('attach is refused with a reason, not a hang', async () => {
    const res = await run(['attach', POD]);
    assert.equal(res.code, 1);
    assert.match(res.stderr, /attach to pod talker is not supported/);
  });
});
