// The official JavaScript client, @kubernetes/client-node 1.4, against the
// apiserver's Kubernetes HTTP API over HTTPS: typed CoreV1/AppsV1 calls, merge
// patches, the scale subresource, an HPA in autoscaling/v1 and v2, Watch, an informer's list+watch cache and the
// ApiException a missing object raises. The controllers run for real; a fake
// agent plays the nodes, so no Docker.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiException,
  AppsV1Api,
  AutoscalingV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  Watch,
  makeInformer,
  setHeaderOptions,
  type Informer,
  type KubernetesObject,
  type ObjectCache,
  type V1Deployment,
  type V1Pod,
} from '@kubernetes/client-node';
import { useControllerCluster } from '../testkit/processes/controller-cluster.js';
import { waitUntil } from '../testkit/wait-until.js';

const NS = 'client-node-e2e';
const SETTLE_TIMEOUT_MS = 30_000;
const LABELS = { app: 'web' };

const deployment = (replicas: number): V1Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: LABELS },
  spec: {
    replicas,
    selector: { matchLabels: LABELS },
    template: {
      metadata: { labels: LABELS },
      spec: { containers: [{ name: 'nginx', image: 'flotilla/nginx:1.22', ports: [{ containerPort: 80 }] }] },
    },
  },
});

/** A merge patch, which the client otherwise sends as a JSON patch. */
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

interface WatchEvent {
  type: string;
  object: KubernetesObject;
}

describe('@kubernetes/client-node 1.4 against the HTTP API', () => {
  const env = useControllerCluster({
    namespaces: [NS],
    agent: { nodes: ['client-node-a', 'client-node-b'] },
    controllerManagerArgs: ['--leader-elect=false', '--controllers', 'replicaset,deployment,garbagecollector'],
    https: true,
  });

  // Built on first use: the kubeconfig exists only once the cluster's before hook ran.
  let kc: KubeConfig | undefined;
  const config = (): KubeConfig => {
    if (!kc) {
      kc = new KubeConfig();
      kc.loadFromFile(env.kubeconfig);
    }
    return kc;
  };
  const core = (): CoreV1Api => config().makeApiClient(CoreV1Api);
  const apps = (): AppsV1Api => config().makeApiClient(AppsV1Api);

  // One watch on the namespace's deployments spans the tests, from before the
  // create to after the delete, so it sees the whole life of the object.
  const events: WatchEvent[] = [];
  let watchAbort: AbortController | undefined;
  let watchDone: Promise<unknown> | undefined;
  // The informer lives from its test through the scale test, so a pod that
  // only its watch can deliver (the third) proves the watch half of the cache.
  let informer: (Informer<V1Pod> & ObjectCache<V1Pod>) | undefined;
  after(async () => {
    watchAbort?.abort();
    await informer?.stop();
  });

  it('lists namespaces and pods, by label selector too', async () => {
    const namespaces = await core().listNamespace();
    assert.equal(namespaces.kind, 'NamespaceList');
    assert.ok(namespaces.items.some((ns) => ns.metadata?.name === NS), `${NS} among ${namespaces.items.map((ns) => ns.metadata?.name).join(', ')}`);
    const pods = await core().listNamespacedPod({ namespace: NS, labelSelector: 'app=web' });
    assert.equal(pods.kind, 'PodList');
    assert.deepEqual(pods.items, []);
    assert.match(pods.metadata?.resourceVersion ?? '', /^\d+$/);
  });

  it('starts a Watch on deployments', async () => {
    let settle: (err: unknown) => void = () => {};
    watchDone = new Promise((resolve) => (settle = resolve));
    watchAbort = await new Watch(config()).watch(
      `/apis/apps/v1/namespaces/${NS}/deployments`,
      {},
      // The library types the decoded object as any; every watched object is a KubernetesObject.
      (type: string, object: KubernetesObject) => events.push({ type, object }),
      (err: unknown) => settle(err),
    );
  });

  it('creates, reads, merge-patches and replaces a Deployment', async () => {
    const created = await apps().createNamespacedDeployment({ namespace: NS, body: deployment(2) });
    assert.equal(created.metadata?.name, 'web');
    assert.equal(created.metadata?.namespace, NS);
    assert.ok(created.metadata?.uid);

    const read = await apps().readNamespacedDeployment({ name: 'web', namespace: NS });
    assert.equal(read.spec?.replicas, 2);
    assert.deepEqual(read.spec?.selector.matchLabels, LABELS);

    const patched = await apps().patchNamespacedDeployment(
      { name: 'web', namespace: NS, body: { metadata: { annotations: { 'flotilla.test/patched': 'merge' } } } },
      mergePatch,
    );
    assert.equal(patched.metadata?.annotations?.['flotilla.test/patched'], 'merge');
    assert.equal(patched.spec?.replicas, 2, 'a merge patch leaves the fields it does not name');

    // A PUT carries the resourceVersion it read; the deployment controller
    // writes status meanwhile, so a 409 Conflict means read again and retry.
    for (let attempt = 1; ; attempt++) {
      const current = await apps().readNamespacedDeployment({ name: 'web', namespace: NS });
      current.metadata = { ...current.metadata, labels: { ...LABELS, tier: 'front' } };
      try {
        const replaced = await apps().replaceNamespacedDeployment({ name: 'web', namespace: NS, body: current });
        assert.deepEqual(replaced.metadata?.labels, { ...LABELS, tier: 'front' });
        assert.notEqual(replaced.metadata?.resourceVersion, current.metadata.resourceVersion);
        break;
      } catch (err) {
        if (!(err instanceof ApiException && err.code === 409) || attempt === 5) throw err;
      }
    }
  });

  it('an informer caches the deployment pods as the controllers create them', async () => {
    informer = makeInformer<V1Pod>(
      config(),
      `/api/v1/namespaces/${NS}/pods`,
      () => core().listNamespacedPod({ namespace: NS, labelSelector: 'app=web' }),
      'app=web',
    );
    const added: string[] = [];
    informer.on('add', (pod) => added.push(pod.metadata?.name ?? ''));
    const errors: unknown[] = [];
    informer.on('error', (err) => errors.push(err));
    await informer.start();
    const cache = informer;
    await waitUntil('two web pods in the informer cache', () => cache.list(NS).length === 2, SETTLE_TIMEOUT_MS);
    for (const pod of cache.list(NS)) {
      assert.equal(pod.metadata?.labels?.app, 'web');
      assert.equal(pod.metadata?.ownerReferences?.[0]?.kind, 'ReplicaSet');
    }
    assert.equal(new Set(added).size, 2);
    assert.deepEqual(errors, []);
  });

  it('reads and patches the scale subresource; the informer watches the third pod arrive', async () => {
    const scale = await apps().readNamespacedDeploymentScale({ name: 'web', namespace: NS });
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.spec?.replicas, 2);

    const patched = await apps().patchNamespacedDeploymentScale({ name: 'web', namespace: NS, body: { spec: { replicas: 3 } } }, mergePatch);
    assert.equal(patched.spec?.replicas, 3);
    assert.equal((await apps().readNamespacedDeployment({ name: 'web', namespace: NS })).spec?.replicas, 3);
    const cache = informer;
    assert.ok(cache, 'the informer test ran first');
    await waitUntil('three web pods in the informer cache', () => cache.list(NS).length === 3, SETTLE_TIMEOUT_MS);
    await cache.stop();
  });

  it('reading a missing object rejects with an ApiException: code 404, a Status body', async () => {
    await assert.rejects(apps().readNamespacedDeployment({ name: 'missing', namespace: NS }), (err: unknown) => {
      assert.ok(err instanceof ApiException, `an ApiException, not ${String(err)}`);
      assert.equal(err.code, 404);
      // The generated client hands back the raw text for a status code the
      // OpenAPI operation does not declare (404 is not declared), so parse it.
      const body: unknown = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
      assert.deepEqual(body, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'deployments.apps "missing" not found',
        reason: 'NotFound',
        details: { name: 'missing', group: 'apps', kind: 'deployments' },
        code: 404,
      });
      return true;
    });
  });

  it('an HPA created through AutoscalingV1Api reads back in v1 and, converted, in v2', async () => {
    const v1 = config().makeApiClient(AutoscalingV1Api);
    const created = await v1.createNamespacedHorizontalPodAutoscaler({
      namespace: NS,
      body: {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'web' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 60 },
      },
    });
    assert.equal(created.apiVersion, 'autoscaling/v1');
    assert.equal(created.spec?.targetCPUUtilizationPercentage, 60);
    const read = await v1.readNamespacedHorizontalPodAutoscaler({ name: 'web', namespace: NS });
    assert.equal(read.spec?.maxReplicas, 4);
    const v2 = await config().makeApiClient(AutoscalingV2Api).readNamespacedHorizontalPodAutoscaler({ name: 'web', namespace: NS });
    assert.equal(v2.apiVersion, 'autoscaling/v2');
    assert.deepEqual(v2.spec?.metrics?.map((m) => [m.type, m.resource?.name, m.resource?.target.type, m.resource?.target.averageUtilization]), [['Resource', 'cpu', 'Utilization', 60]]);
    await v1.deleteNamespacedHorizontalPodAutoscaler({ name: 'web', namespace: NS });
  });

  it('deletes the Deployment; the Watch saw ADDED, MODIFIED and DELETED and ends cleanly on abort', async () => {
    const status = await apps().deleteNamespacedDeployment({ name: 'web', namespace: NS });
    assert.ok(status.kind === 'Status' || status.kind === 'Deployment', `delete returned ${status.kind}`);
    await waitUntil('the DELETED event', () => events.some((e) => e.type === 'DELETED'), SETTLE_TIMEOUT_MS);
    const types = events.filter((e) => e.object.metadata?.name === 'web').map((e) => e.type);
    assert.equal(types[0], 'ADDED');
    assert.ok(types.includes('MODIFIED'), types.join(','));
    assert.equal(types.at(-1), 'DELETED');

    assert.ok(watchAbort && watchDone);
    watchAbort.abort();
    const err = await watchDone;
    // An abort ends the stream; the library reports it as done, with at most an AbortError.
    assert.ok(err === null || err === undefined || (err instanceof Error && err.name === 'AbortError'), `watch ended with ${String(err)}`);
    await waitUntil(
      'the pods to be collected',
      async () => (await core().listNamespacedPod({ namespace: NS, labelSelector: 'app=web' })).items.length === 0,
      SETTLE_TIMEOUT_MS,
    );
  });
});
