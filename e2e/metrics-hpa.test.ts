// e2e: resource metrics and the HorizontalPodAutoscaler on a real agent and
// Docker: the agent samples cgroups, the apiserver serves metrics.k8s.io to
// the real kubectl 1.32 (`top pods`, `top nodes`), and the controller-manager's
// HPA controller scales a Deployment up under a CPU burner and back down to
// minReplicas when the load stops. Burners carry cpu limits so the shared
// machine stays usable.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { resources } from '../api/resources.js';
import { startAgent, TEST_BUSYBOX_IMAGE, type TestAgent } from '../testkit/processes/agent-process.js';
import { dockerAvailable, ensureTestImages } from '../testkit/docker/pod-helpers.js';
import { startControlPlane, type TestControlPlane } from '../testkit/processes/control-plane.js';
import { startSchedulerProcess, type SchedulerProcess } from '../testkit/processes/scheduler-process.js';
import { kubectlSkipReason, runKubectl } from '../testkit/kubectl.js';
import { waitUntil } from '../testkit/wait-until.js';

const HAVE_DOCKER = await dockerAvailable();
const REQUIRE_DOCKER = process.env.FLOTILLA_REQUIRE_DOCKER === '1';
const KUBECTL_VERSION = '1.32';
const NS = 'default';
/** The agent samples this often; a rate needs two samples. */
const METRICS_INTERVAL_SECONDS = 3;
/** Pods start, then two samples, then the apiserver's scrape cache. */
const METRICS_TIMEOUT_MS = 60_000;
const BURNER_CPU_LIMIT = '200m';
/** A busy pod at its 200m limit shows well above this; an idle one well below. */
const BUSY_MILLICORES = 50;
const IDLE_MILLICORES = 10;

const skip = kubectlSkipReason(KUBECTL_VERSION) || (HAVE_DOCKER || REQUIRE_DOCKER ? false : 'the Docker engine does not answer');

function pod(name: string, script: string, labels: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, labels },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'main', image: TEST_BUSYBOX_IMAGE, command: ['sh', '-c', script], resources: { requests: { cpu: '100m' }, limits: { cpu: BURNER_CPU_LIMIT } } }],
    },
  };
}

/** `kubectl top` columns: NAME CPU(cores) MEMORY(bytes); the CPU in millicores. */
function topMillicores(stdout: string, name: string): number | undefined {
  const line = stdout.split('\n').find((l) => l.split(/\s+/).includes(name));
  const cpu = line?.split(/\s+/).find((f) => /^\d+m$/.test(f));
  return cpu === undefined ? undefined : Number.parseInt(cpu, 10);
}

describe('metrics and the HPA on a real agent', { skip }, () => {
  let cp: TestControlPlane;
  let scheduler: SchedulerProcess;
  let agent: TestAgent;
  let client: ApiClient;
  let kubeconfig: string;
  const run = (args: string[], stdin?: string) => runKubectl(args, { kubeconfig, version: KUBECTL_VERSION, ...(stdin === undefined ? {} : { stdin }) });

  before(async () => {
    await ensureTestImages();
    cp = await startControlPlane({ https: true });
    kubeconfig = cp.apiserver.kubeconfigPath as string;
    client = cp.apiserver.client();
    scheduler = await startSchedulerProcess(cp.apiserver.address, cp.logDir, { extraArgs: ['--leader-elect=false'] });
    agent = await startAgent(cp.apiserver.address, { logDir: cp.logDir, extraArgs: ['--metrics-interval', String(METRICS_INTERVAL_SECONDS)] });
  });

  after(async () => {
    await agent?.stop();
    await scheduler?.stop();
    client?.close();
    await cp?.stop();
  });

  it('kubectl top pods shows a busy pod burning CPU and an idle one near zero; top nodes shows the node', async () => {
    await client.create(resources.pods, pod('busy', 'while true; do :; done', { app: 'top-test', load: 'busy' }));
    await client.create(resources.pods, pod('idle', 'sleep 3600', { app: 'top-test', load: 'idle' }));
    let out = '';
    await waitUntil(
      'kubectl top pods to show the busy pod burning CPU beside the idle one',
      async () => {
        const r = await run(['top', 'pods', '-l', 'app=top-test']);
        out = r.stdout;
        return r.code === 0 && topMillicores(out, 'idle') !== undefined && (topMillicores(out, 'busy') ?? 0) > BUSY_MILLICORES;
      },
      METRICS_TIMEOUT_MS,
    ).catch((err: Error) => assert.fail(`${err.message}; last output:\n${out}`));
    assert.match(out, /^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
    assert.ok((topMillicores(out, 'idle') ?? Infinity) < IDLE_MILLICORES, out);

    const containers = await run(['top', 'pods', '-A', '--containers', '-l', 'app=top-test,load=busy']);
    assert.equal(containers.code, 0, containers.stderr);
    assert.match(containers.stdout, /^NAMESPACE\s+POD\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
    assert.match(containers.stdout, /\ndefault\s+busy\s+main\s+\d+m\s+\d+Mi/);

    const nodes = await run(['top', 'nodes']);
    assert.equal(nodes.code, 0, nodes.stderr);
    assert.match(nodes.stdout, new RegExp(`\\n${agent.nodeName}\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%`));

    const missing = await run(['top', 'pod', 'no-such-pod']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /pods "no-such-pod" not found|podmetrics.metrics.k8s.io "default\/no-such-pod" not found/);
    await client.delete(resources.pods, NS, 'busy');
    await client.delete(resources.pods, NS, 'idle');
  });
});
