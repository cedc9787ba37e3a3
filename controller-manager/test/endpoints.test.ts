// The endpointslice controller in the real controller-manager process, with the
// replicaset controller, a real apiserver and etcd; a fake agent binds pods and
// makes them Ready unless annotated otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Endpoints, EndpointSlice, Pod, ReplicaSet, Service, WatchEvent } from '../../api/types/index.js';
import { eventually, livePods, podsOf } from '../../testkit/objects/workloads.js';
import { useControllerCluster } from '../../testkit/processes/controller-cluster.js';
import { resources } from '../../api/resources.js';

const NS = 'svc-it';
const NOT_READY_ANNOTATION = 'test.flotilla.dev/not-ready';
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';

const env = useControllerCluster({
  namespaces: [NS],
  agent: { nodes: ['svc-node-a'], readyWhen: (pod) => pod.metadata.annotations?.[NOT_READY_ANNOTATION] !== 'true' },
  controllerManagerArgs: ['--leader-elect=false', '--controllers', 'replicaset,endpointslice'],
});

function webReplicaSet(replicas: number): ReplicaSet {
  const labels = { app: 'web' };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web', namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }], terminationGracePeriodSeconds: 1 },
      },
    },
  };
}

function service(name: string, spec: Service['spec']): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS, labels: { tier: 'front' } }, spec };
}

async function slicesOf(name: string): Promise<EndpointSlice[]> {
  return (await env.client.list(resources.endpointSlices, { namespace: NS, labelSelector: `kubernetes.io/service-name=${name}` })).items;
}

async function endpointsOf(name: string): Promise<Endpoints | undefined> {
  return env.client.get(resources.endpoints, NS, name).catch(() => undefined);
}

function readiness(slices: EndpointSlice[]): boolean[] {
  return slices.flatMap((s) => s.endpoints ?? []).map((e) => e.conditions?.ready === true);
}


test('slices and Endpoints follow the pods: ready, not ready, scaled down; selector-less Services are left alone', async () => {
  await env.client.create(resources.services, service('manual', { ports: [{ port: 80 }] }));
  await env.client.create(resources.replicaSets, webReplicaSet(3));
  const web = await env.client.create(resources.services, service('web', { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }));

  await eventually('three ready endpoints on the named port', async () => {
    const slices = await slicesOf('web');
    return slices.length === 1 && readiness(slices).filter(Boolean).length === 3;
  });
  const [slice] = await slicesOf('web');
  assert.deepEqual(slice?.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  assert.equal(slice?.addressType, 'IPv4');
  assert.equal(slice?.metadata.labels?.[MANAGED_BY], 'endpointslice-controller.k8s.io');
  assert.equal(slice?.metadata.labels?.tier, 'front');
  assert.deepEqual(slice?.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.uid, r.controller]), [['Service', 'web', web.metadata.uid, true]]);
  const pods = livePods(await podsOf(env.client, NS, 'app=web'));
  assert.deepEqual(
    (slice?.endpoints ?? []).map((e) => [e.addresses[0], e.targetRef?.name, e.nodeName]).sort(),
    pods.map((p) => [p.status?.podIP, p.metadata.name, 'svc-node-a']).sort(),
  );
  await eventually('Endpoints with three addresses', async () => ((await endpointsOf('web'))?.subsets?.[0]?.addresses ?? []).length === 3);

  const victim = pods[0] as Pod;
  await env.client.update<Pod>(resources.pods, { ...victim, metadata: { ...victim.metadata, annotations: { [NOT_READY_ANNOTATION]: 'true' } } });
  await eventually('one endpoint not ready', async () => {
    const endpoints = (await slicesOf('web')).flatMap((s) => s.endpoints ?? []);
    return endpoints.length === 3 && endpoints.filter((e) => e.conditions?.ready === false).map((e) => e.targetRef?.name).join() === victim.metadata.name;
  });
  await eventually('Endpoints lists it as not ready', async () => {
    const subset = (await endpointsOf('web'))?.subsets?.[0];
    return subset?.addresses?.length === 2 && subset.notReadyAddresses?.[0]?.ip === victim.status?.podIP;
  });

  const rs = await env.client.get(resources.replicaSets, NS, 'web');
  await env.client.update(resources.replicaSets, { ...rs, spec: { ...rs.spec, replicas: 1 } });
  await eventually('one endpoint after scaling to 1', async () => (await slicesOf('web')).flatMap((s) => s.endpoints ?? []).length === 1);
  await eventually('Endpoints with one address', async () => {
    const subsets = (await endpointsOf('web'))?.subsets ?? [];
    return subsets.flatMap((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])]).length === 1;
  });

  assert.deepEqual(await slicesOf('manual'), []);
  assert.equal(await endpointsOf('manual'), undefined);
});

test('a pod change that leaves the endpoints as they were leaves the slice untouched', async () => {
  await eventually('web settled at one ready endpoint', async () => readiness(await slicesOf('web')).join() === 'true');
  const listed = await env.client.list(resources.endpointSlices, { namespace: NS, labelSelector: 'kubernetes.io/service-name=web' });
  const watch = env.client.watch<EndpointSlice>(resources.endpointSlices, {
    namespace: NS,
    labelSelector: 'kubernetes.io/service-name=web',
    resourceVersion: listed.metadata.resourceVersion,
  });
  const writes: EndpointSlice[] = [];
  const watching = (async () => {
    for await (const ev of watch as AsyncIterable<WatchEvent<EndpointSlice>>) if (ev.type !== 'BOOKMARK') writes.push(ev.object);
  })().catch(() => undefined);
  try {
    const [pod] = livePods(await podsOf(env.client, NS, 'app=web'));
    assert.ok(pod);
    // Queues the Service; its endpoints do not change.
    const touched = await env.client.update<Pod>(resources.pods, { ...pod, metadata: { ...pod.metadata, annotations: { unrelated: 'yes' } } });
    // Then a change that does move them: the Service's next sync writes once.
    await env.client.update<Pod>(resources.pods, { ...touched, metadata: { ...touched.metadata, annotations: { unrelated: 'yes', [NOT_READY_ANNOTATION]: 'true' } } });
    await eventually('the not-ready write seen', async () => writes.some((s) => readiness([s]).join() === 'false'));
    assert.deepEqual(writes.map((s) => readiness([s]).join()), ['false'], 'one change: the unrelated pod update moved nothing');
  } finally {
    watch.cancel();
    await watching;
  }
});

test('a headless Service publishes its pods hostnames; deleting the Service removes its slices and Endpoints', async () => {
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'db-0', namespace: NS, labels: { app: 'db' } },
    spec: { hostname: 'db-0', subdomain: 'db', containers: [{ name: 'db', image: 'busybox:1.36' }] },
  };
  await env.client.create(resources.pods, pod);
  await env.client.create(resources.services, service('db', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] }));
  await eventually('the headless slice names db-0', async () => (await slicesOf('db')).flatMap((s) => s.endpoints ?? []).some((e) => e.hostname === 'db-0'));
  const [slice] = await slicesOf('db');
  assert.equal(slice?.metadata.labels?.['service.kubernetes.io/headless'], '');
  await eventually('Endpoints hostname', async () => (await endpointsOf('db'))?.subsets?.[0]?.addresses?.[0]?.hostname === 'db-0');

  await env.client.delete(resources.services, NS, 'db');
  await eventually('slices and Endpoints gone', async () => (await slicesOf('db')).length === 0 && (await endpointsOf('db')) === undefined);
});
