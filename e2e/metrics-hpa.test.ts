// e2e: resource metrics and the HorizontalPodAutoscaler on a real agent and
// Docker: the agent samples cgroups, the apiserver serves metrics.k8s.io to
// the real kubectl 1.32 (`top pods`, `top nodes`) and to flotctl top over gRPC,
// the apiserver serves HPAs as autoscaling/v1 and v2, and the controller-manager's
// HPA controller scales a Deployment up under a CPU burner and back down to
// minReplicas when the load stops. Burners carry cpu limits so the shared
// machine stays usable.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { resources } from '../api/resources.js';
import { startAgent, TEST_BUSYBOX_IMAGE, type TestAgent } from '../testkit/processes/agent-process.js';
import { dockerSkipReason, ensureTestImages } from '../testkit/docker/pod-helpers.js';
import { startControlPlane, type TestControlPlane } from '../testkit/processes/control-plane.js';
import { startSchedulerProcess, type SchedulerProcess } from '../testkit/processes/scheduler-process.js';
import { startControllerManager, type ControllerManagerProcess } from '../testkit/processes/controller-manager-process.js';
import { REPO_ROOT } from '../testkit/repo-paths.js';
import { kubectlSkipReason, runKubectl } from '../testkit/kubectl.js';
import { flotctl } from '../testkit/processes/flotctl-process.js';
import { waitUntil } from '../testkit/wait-until.js';

const DOCKER_SKIP = await dockerSkipReason();
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
/** Shortened from Kubernetes' 15 s and 300 s so a scale up and down fit in a test. */
const HPA_SYNC_PERIOD = '3s';
const HPA_DOWNSCALE_STABILIZATION = '15s';
const SEEDS_EXAMPLE = `${REPO_ROOT}examples/hpa.yaml`;
/** At most this many 200m burners run at once on the shared machine (the seeds' example says 10). */
const TEST_MAX_REPLICAS = 4;
const MIN_REPLICAS = 2;
/** Pods start, two metric samples, one sync; then the new pods start. */
const SCALE_UP_TIMEOUT_MS = 120_000;
/** The rollout to an idle command (burners ignore SIGTERM: their grace period), the window, one sync. */
const SCALE_DOWN_TIMEOUT_MS = 180_000;
const CONDITION_TIMEOUT_MS = 60_000;

const skip = kubectlSkipReason(KUBECTL_VERSION) || DOCKER_SKIP;

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
  let controllerManager: ControllerManagerProcess;
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
    controllerManager = await startControllerManager(cp.apiserver.address, cp.logDir, {
      extraArgs: ['--leader-elect=false', '--horizontal-pod-autoscaler-sync-period', HPA_SYNC_PERIOD, '--horizontal-pod-autoscaler-downscale-stabilization', HPA_DOWNSCALE_STABILIZATION],
    });
    agent = await startAgent(cp.apiserver.address, { logDir: cp.logDir, extraArgs: ['--metrics-interval', String(METRICS_INTERVAL_SECONDS)] });
  });

  after(async () => {
    await agent?.stop();
    await controllerManager?.stop();
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

    // flotctl reads the same metrics over gRPC and prints kubectl's columns.
    const own = await flotctl(cp.apiserver.address, ['top', 'pods', '-l', 'app=top-test']);
    assert.equal(own.code, 0, own.stderr);
    assert.match(own.stdout, /^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
    assert.ok((topMillicores(own.stdout, 'busy') ?? 0) > BUSY_MILLICORES, own.stdout);
    assert.ok((topMillicores(own.stdout, 'idle') ?? Infinity) < IDLE_MILLICORES, own.stdout);
    const ownContainers = await flotctl(cp.apiserver.address, ['top', 'pods', '-A', '--containers', '-l', 'load=busy']);
    assert.match(ownContainers.stdout, /^NAMESPACE\s+POD\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*\ndefault\s+busy\s+main\s+[1-9]\d*m\s+\d+Mi/);
    const ownNodes = await flotctl(cp.apiserver.address, ['top', 'nodes']);
    assert.equal(ownNodes.code, 0, ownNodes.stderr);
    assert.match(ownNodes.stdout, new RegExp(`^NAME\\s+CPU\\(cores\\)\\s+CPU\\(%\\)\\s+MEMORY\\(bytes\\)\\s+MEMORY\\(%\\)\\s*\\n${agent.nodeName}\\s+[1-9]\\d*m\\s+\\d+%\\s+[1-9]\\d*Mi\\s+\\d+%`));
    await client.delete(resources.pods, NS, 'busy');
    await client.delete(resources.pods, NS, 'idle');
  });
  /** `kubectl get hpa NAME` and the REPLICAS column, read from jsonpath to stay independent of the table. */
  async function hpaReplicas(name: string): Promise<number | undefined> {
    const r = await run(['get', 'hpa', name, '-o', 'jsonpath={.status.currentReplicas}/{.status.desiredReplicas}']);
    const desired = r.stdout.split('/')[1];
    return r.code === 0 && desired ? Number(desired) : undefined;
  }

  /** Waits for `kubectl get hpa` to show the TARGETS cell `cpu: NN%/70%`, and returns NN. */
  async function hpaUtilization(name: string): Promise<number> {
    let table = '';
    await waitUntil(
      `kubectl get hpa ${name} to show cpu: NN%/70%`,
      async () => {
        table = (await run(['get', 'hpa', name])).stdout;
        return /cpu: \d+%\/70%/.test(table);
      },
      CONDITION_TIMEOUT_MS,
    ).catch((err: Error) => assert.fail(`${err.message}; last table:\n${table}`));
    assert.match(table, /^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE/);
    return Number(/cpu: (\d+)%\/70%/.exec(table)?.[1]);
  }

  async function deploymentReplicas(name: string): Promise<number> {
    const r = await run(['get', 'deployment', name, '-o', 'jsonpath={.spec.replicas}']);
    assert.equal(r.code, 0, r.stderr);
    return Number(r.stdout);
  }

  async function waitForCondition(hpa: string, type: string, status: string, reason: string): Promise<string> {
    let describe = '';
    await waitUntil(
      `hpa ${hpa} to report ${type}=${status} (${reason})`,
      async () => {
        const r = await run(['get', 'hpa', hpa, '-o', `jsonpath={.status.conditions[?(@.type=="${type}")].status}/{.status.conditions[?(@.type=="${type}")].reason}`]);
        return r.stdout === `${status}/${reason}`;
      },
      CONDITION_TIMEOUT_MS,
    ).catch(async (err: Error) => assert.fail(`${err.message}; describe:\n${(await run(['describe', 'hpa', hpa])).stdout}`));
    describe = (await run(['describe', 'hpa', hpa])).stdout;
    return describe;
  }

  it('the seeds\' my-hpa scales my-deployment up under its CPU burner and back to minReplicas when the load stops', async (t) => {
    const applied = await run(['apply', '-f', SEEDS_EXAMPLE]);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /deployment.apps\/my-deployment created/);
    assert.match(applied.stdout, /horizontalpodautoscaler.autoscaling\/my-hpa created/);
    // Fewer burners than the seeds' 10 on the shared machine; the HPA cannot act before its pods report two samples.
    const lowered = await run(['patch', 'hpa', 'my-hpa', '--type=merge', '-p', JSON.stringify({ spec: { maxReplicas: TEST_MAX_REPLICAS } })]);
    assert.equal(lowered.code, 0, lowered.stderr);

    await waitUntil(`my-hpa to scale my-deployment above ${MIN_REPLICAS}`, async () => (await deploymentReplicas('my-deployment')) > MIN_REPLICAS, SCALE_UP_TIMEOUT_MS).catch(
      async (err: Error) => assert.fail(`${err.message}; describe:\n${(await run(['describe', 'hpa', 'my-hpa'])).stdout}`),
    );
    const busy = await hpaUtilization('my-hpa');
    for (const args of [['top', 'pods', '-l', 'app=my-deployment'], ['get', 'hpa', 'my-hpa']]) t.diagnostic(`kubectl ${args.join(' ')}\n${(await run(args)).stdout}`);
    assert.ok(busy > 70, `the burners' utilization ${busy}% should be above the 70% target`);
    const replicas = await deploymentReplicas('my-deployment');
    assert.ok(replicas <= TEST_MAX_REPLICAS, `scaled to ${replicas}, above maxReplicas ${TEST_MAX_REPLICAS}`);
    const up = await run(['describe', 'hpa', 'my-hpa']);
    assert.match(up.stdout, /SuccessfulRescale\s+.*New size: \d+; reason: cpu resource utilization \(percentage of request\) above target/);
    assert.match(up.stdout, /ScalingActive\s+True\s+ValidMetricFound/);

    // The load stops: the rollout replaces the burners with idle pods.
    const idle = await run(['patch', 'deployment', 'my-deployment', '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/template/spec/containers/0/command', value: ['sh', '-c', 'sleep 3600'] }])]);
    assert.equal(idle.code, 0, idle.stderr);
    await waitUntil(
      `my-hpa to scale my-deployment back to minReplicas ${MIN_REPLICAS}`,
      async () => (await deploymentReplicas('my-deployment')) === MIN_REPLICAS && (await hpaReplicas('my-hpa')) === MIN_REPLICAS,
      SCALE_DOWN_TIMEOUT_MS,
    ).catch(async (err: Error) => assert.fail(`${err.message}; describe:\n${(await run(['describe', 'hpa', 'my-hpa'])).stdout}`));
    assert.ok((await hpaUtilization('my-hpa')) < 70, 'idle pods are below the target');
    const down = await run(['describe', 'hpa', 'my-hpa']);
    assert.match(down.stdout, new RegExp(`SuccessfulRescale\\s+.*New size: ${MIN_REPLICAS}; reason: All metrics below target`));
    const removed = await run(['delete', '-f', SEEDS_EXAMPLE, '--wait=false']);
    assert.equal(removed.code, 0, removed.stderr);
  });

  it('an HPA whose target has no cpu requests reports FailedGetResourceMetric instead of scaling', async () => {
    const manifest = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: no-requests }
spec:
  replicas: 1
  selector: { matchLabels: { app: no-requests } }
  template:
    metadata: { labels: { app: no-requests } }
    spec:
      terminationGracePeriodSeconds: 0
      containers: [{ name: idle, image: ${TEST_BUSYBOX_IMAGE}, command: ["sleep", "3600"] }]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: no-requests }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: no-requests }
  minReplicas: 1
  maxReplicas: 3
  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } } }]
`;
    const applied = await run(['apply', '-f', '-'], manifest);
    assert.equal(applied.code, 0, applied.stderr);
    let describe = '';
    await waitUntil(
      'the no-requests HPA to name the container without a cpu request',
      async () => {
        describe = (await run(['describe', 'hpa', 'no-requests'])).stdout;
        return /missing request for cpu in container idle of Pod no-requests-/.test(describe);
      },
      CONDITION_TIMEOUT_MS,
    ).catch((err: Error) => assert.fail(`${err.message}; describe:\n${describe}`));
    describe = await waitForCondition('no-requests', 'ScalingActive', 'False', 'FailedGetResourceMetric');
    assert.match(describe, /Warning\s+FailedGetResourceMetric\s+.*failed to get cpu utilization: missing request for cpu in container idle/);
    assert.equal(await deploymentReplicas('no-requests'), 1, 'an HPA without metrics must not scale');
    await run(['delete', 'hpa,deployment', 'no-requests', '--wait=false']);
  });

  it('an HPA pointing at a missing Deployment says so', async () => {
    const manifest = `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: nowhere }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: nowhere }
  minReplicas: 2
  maxReplicas: 3
`;
    const applied = await run(['apply', '-f', '-'], manifest);
    assert.equal(applied.code, 0, applied.stderr);
    const describe = await waitForCondition('nowhere', 'AbleToScale', 'False', 'FailedGetScale');
    assert.match(describe, /FailedGetScale\s+.*deployments\/scale.apps "nowhere" not found/);
    await run(['delete', 'hpa', 'nowhere']);
  });

  it('bad HPAs get clear errors and store nothing', async () => {
    const hpa = (name: string, spec: string): string => `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: ${name} }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: my-deployment }
${spec}`;
    const cases: Array<{ name: string; spec: string; error: RegExp }> = [
      {
        name: 'min-above-max',
        spec: '  minReplicas: 5\n  maxReplicas: 2\n',
        error: /The HorizontalPodAutoscaler "min-above-max" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`/,
      },
      {
        name: 'negative-target',
        spec: '  maxReplicas: 3\n  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: -10 } } }]\n',
        error: /The HorizontalPodAutoscaler "negative-target" is invalid: spec.metrics\[0\].resource.target.averageUtilization: Invalid value: -10: must be greater than 0/,
      },
      {
        name: 'unknown-metric',
        spec: '  maxReplicas: 3\n  metrics: [{ type: Bogus }]\n',
        error: /The HorizontalPodAutoscaler "unknown-metric" is invalid: spec.metrics\[0\].type: Unsupported value: "Bogus"/,
      },
    ];
    for (const c of cases) {
      const r = await run(['apply', '-f', '-'], hpa(c.name, c.spec));
      assert.notEqual(r.code, 0, `${c.name} was accepted`);
      assert.match(r.stderr, c.error);
      const stored = await run(['get', 'hpa', c.name]);
      assert.match(stored.stderr, new RegExp(`horizontalpodautoscalers.autoscaling "${c.name}" not found`));
    }
  });
  // kubectl 1.32's autoscale posts an autoscaling/v1 HPA, which the apiserver stores as v2.
  it('kubectl 1.32 autoscale creates an autoscaling/v1 HPA, read as v1 and v2, that get and describe show', async () => {
    const created = await client.create(resources.deployments, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'autoscaled', namespace: NS },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'autoscaled' } },
        template: { metadata: { labels: { app: 'autoscaled' } }, spec: pod('x', 'sleep 3600', {}).spec },
      },
    });
    assert.equal(created.metadata.name, 'autoscaled');
    const r = await run(['autoscale', 'deployment', 'autoscaled', '--min=2', '--max=5', '--cpu-percent=70']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /horizontalpodautoscaler.autoscaling\/autoscaled autoscaled/);
    // The full resource name: kubectl expands the short name `hpa` to the group's preferred version, dropping `.v1`.
    const v1 = await run(['get', 'horizontalpodautoscalers.v1.autoscaling', 'autoscaled', '-o', 'yaml']);
    assert.equal(v1.code, 0, v1.stderr);
    assert.match(v1.stdout, /^apiVersion: autoscaling\/v1\n/);
    assert.match(v1.stdout, /\n  targetCPUUtilizationPercentage: 70\n/);
    const v2 = await run(['get', 'hpa', 'autoscaled', '-o', 'yaml']);
    assert.match(v2.stdout, /^apiVersion: autoscaling\/v2\n/);
    assert.match(v2.stdout, /\n  metrics:\n  - resource:\n      name: cpu\n      target:\n        averageUtilization: 70\n        type: Utilization\n    type: Resource\n/);
    await waitUntil('the HPA to lift autoscaled to minReplicas', async () => (await deploymentReplicas('autoscaled')) === MIN_REPLICAS, CONDITION_TIMEOUT_MS);
    const utilization = await hpaUtilization('autoscaled');
    assert.ok(utilization < 70, `idle pods at ${utilization}%`);
    const table = (await run(['get', 'hpa', 'autoscaled'])).stdout;
    assert.match(table, /\nautoscaled\s+Deployment\/autoscaled\s+cpu: \d+%\/70%\s+2\s+5\s+2\s+\S+/);
    const describe = (await run(['describe', 'hpa', 'autoscaled'])).stdout;
    assert.match(describe, /Reference:\s+Deployment\/autoscaled/);
    assert.match(describe, /resource cpu on pods\s+\(as a percentage of request\):\s+\d+% \((\d+m|0)\) \/ 70%/);
    assert.match(describe, /Min replicas:\s+2\nMax replicas:\s+5/);
    assert.match(describe, /Conditions:\n\s+Type\s+Status\s+Reason\s+Message/);
    assert.match(describe, /AbleToScale\s+True\s+\w+/);
    assert.match(describe, /ScalingActive\s+True\s+ValidMetricFound/);
    assert.match(describe, /Normal\s+SuccessfulRescale\s+.*New size: 2; reason: Current number of replicas below Spec.MinReplicas/);

    // A v2-only field set through v2 survives an update through v1: it travels in the v1 object's annotation.
    const behavior = await run(['patch', 'hpa', 'autoscaled', '--type=merge', '-p', '{"spec":{"behavior":{"scaleDown":{"stabilizationWindowSeconds":42}}}}']);
    assert.equal(behavior.code, 0, behavior.stderr);
    const asV1 = JSON.parse((await run(['get', 'horizontalpodautoscalers.v1.autoscaling', 'autoscaled', '-o', 'json'])).stdout) as { spec: { maxReplicas: number }; metadata: { annotations?: Record<string, string> } };
    assert.match(asV1.metadata.annotations?.['autoscaling.alpha.kubernetes.io/behavior'] ?? '', /"ScaleDown":\{"StabilizationWindowSeconds":42,/);
    asV1.spec.maxReplicas = 6;
    const replaced = await run(['replace', '-f', '-'], JSON.stringify(asV1));
    assert.equal(replaced.code, 0, replaced.stderr);
    const after = JSON.parse((await run(['get', 'hpa', 'autoscaled', '-o', 'json'])).stdout) as { apiVersion: string; spec: { maxReplicas: number; behavior?: { scaleDown?: { stabilizationWindowSeconds?: number } } }; metadata: { annotations?: Record<string, string> } };
    assert.equal(after.apiVersion, 'autoscaling/v2');
    assert.equal(after.spec.maxReplicas, 6);
    assert.equal(after.spec.behavior?.scaleDown?.stabilizationWindowSeconds, 42);
    assert.equal(after.metadata.annotations?.['autoscaling.alpha.kubernetes.io/behavior'], undefined);
    await run(['delete', 'hpa,deployment', 'autoscaled', '--wait=false']);
  });
});
