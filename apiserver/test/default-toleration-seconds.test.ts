// DefaultTolerationSeconds through a real apiserver and etcd: pods created over
// the Kubernetes HTTP API and over gRPC come back with the not-ready and
// unreachable tolerations for the seconds the flags set, a pod's own
// toleration is kept, a replaced pod keeps them, kubectl describes them, and an
// apiserver with the plugin disabled adds none.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { resources } from '../../api/resources.js';
import type { KubeObject, Pod, Toleration } from '../../api/types/index.js';
import { pod, uniqueName } from '../../testkit/objects/apiserver-fixtures.js';
import { httpsRequest, type HttpsResponse } from '../../testkit/https-get.js';
import { requireKubectl, runKubectl } from '../../testkit/kubectl.js';
import { startApiServer } from '../../testkit/processes/apiserver.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';

/** Not kube-apiserver's 300, so a toleration of the flags' seconds shows the flags were read. */
const NOT_READY_SECONDS = 60;
const UNREACHABLE_SECONDS = 90;
const PODS_PATH = '/api/v1/namespaces/default/pods';

const env = useControlPlane({
  https: true,
  extraArgs: ['--default-not-ready-toleration-seconds', String(NOT_READY_SECONDS), '--default-unreachable-toleration-seconds', String(UNREACHABLE_SECONDS)],
});

const notReady: Toleration = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: NOT_READY_SECONDS };
const unreachable: Toleration = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: UNREACHABLE_SECONDS };

async function http(method: string, path: string, body?: unknown): Promise<HttpsResponse> {
  const server = env.plane.apiserver;
  return httpsRequest(method, `https://127.0.0.1:${server.httpsPort}${path}`, {
    ca: readFileSync(server.caFile as string),
    token: server.token,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function httpPod(method: string, path: string, body?: unknown): Promise<Pod> {
  const reply = await http(method, path, body);
  assert.ok(reply.status < 300, `${method} ${path}: ${reply.status} ${reply.body}`);
  return JSON.parse(reply.body) as Pod;
}

describe('DefaultTolerationSeconds', () => {
  it('gives a pod created over HTTP both tolerations, as stored and as gRPC reads it', async () => {
    const name = uniqueName('http-pod');
    const created = await httpPod('POST', PODS_PATH, pod(name));
    assert.deepEqual(created.spec.tolerations, [notReady, unreachable]);
    const read = await env.client.get<Pod>(resources.pods, 'default', name);
    assert.deepEqual(read.spec.tolerations, [notReady, unreachable]);
  });

  it('gives a pod created over gRPC both tolerations, as the HTTP API reads it', async () => {
    const name = uniqueName('grpc-pod');
    const created = await env.client.create<KubeObject>(resources.pods, pod(name));
    assert.deepEqual((created as Pod).spec.tolerations, [notReady, unreachable]);
    const read = await httpPod('GET', `${PODS_PATH}/${name}`);
    assert.deepEqual(read.spec.tolerations, [notReady, unreachable]);
  });

  it('keeps a pod\'s own unreachable toleration and adds only not-ready', async () => {
    const name = uniqueName('own');
    const own = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 };
    await httpPod('POST', PODS_PATH, pod(name, 'default', { spec: { tolerations: [own] } }));
    const read = await env.client.get<Pod>(resources.pods, 'default', name);
    assert.deepEqual(read.spec.tolerations, [own, notReady]);
  });

  it('lets a pod be replaced by its manifest, which lacks the tolerations it was given', async () => {
    const name = uniqueName('replaced');
    const created = await httpPod('POST', PODS_PATH, pod(name));
    const manifest = pod(name, 'default', { labels: { tier: 'web' } });
    manifest.metadata.resourceVersion = created.metadata.resourceVersion;
    const replaced = await httpPod('PUT', `${PODS_PATH}/${name}`, manifest);
    assert.deepEqual(replaced.metadata.labels, { tier: 'web' });
    assert.deepEqual(replaced.spec.tolerations, [notReady, unreachable]);
  });

  it('shows in kubectl describe pod', async (t) => {
    if (!requireKubectl(t)) return;
    const name = uniqueName('described');
    await env.client.create<KubeObject>(resources.pods, pod(name));
    const described = await runKubectl(['describe', 'pod', name], { kubeconfig: env.kubeconfig });
    assert.equal(described.code, 0, described.stderr);
    assert.match(described.stdout, new RegExp(`Tolerations:\\s+node\\.kubernetes\\.io/not-ready:NoExecute op=Exists for ${NOT_READY_SECONDS}s\\n\\s+node\\.kubernetes\\.io/unreachable:NoExecute op=Exists for ${UNREACHABLE_SECONDS}s\\n`));
  });

  it('adds nothing on an apiserver started with --disable-admission-plugins DefaultTolerationSeconds', async () => {
    const other = await startApiServer(env.plane.etcd.endpoint, env.plane.logDir, { extraArgs: ['--disable-admission-plugins', 'DefaultTolerationSeconds'] });
    const client = other.client();
    try {
      const name = uniqueName('plain');
      const created = (await client.create<KubeObject>(resources.pods, pod(name))) as Pod;
      assert.equal(created.spec.tolerations, undefined);
      // The other apiserver, with the plugin on, adds them when the pod is next written.
      const labelled = await env.client.update<KubeObject>(resources.pods, { ...created, metadata: { ...created.metadata, labels: { seen: 'yes' } } });
      assert.deepEqual((labelled as Pod).spec.tolerations, [notReady, unreachable]);
    } finally {
      client.close();
      await other.stop();
    }
  });
});
