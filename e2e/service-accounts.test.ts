// e2e: ServiceAccounts on a real one-node cluster driven by kubectl 1.32: a new
// namespace gets its default account and kube-root-ca.crt, a pod there gets the
// kube-api-access volume with a token, the CA and its namespace, and that token
// (read from inside the pod) or one from `kubectl create token` authenticates as
// system:serviceaccount:NS:default, forbidden until a RoleBinding grants view.
// Automount opt-out and a missing account are checked at admission. An in-cluster
// client (@kubernetes/client-node's loadFromCluster, in the pod, on this host's node)
// reaches the apiserver through the kubernetes Service with its account's token: it
// lists pods where a Role lets it and is refused (403) elsewhere.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pod, ServiceAccount } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { resources } from '../api/resources.js';
import { dockerSkipReason, ensureTestImages, isReady, waitForPod } from '../testkit/docker/pod-helpers.js';
import { kubectlSkipReason, runKubectl, type KubectlResult } from '../testkit/kubectl.js';
import { hostNodeMounts, nodeContainer, POD_NODE } from '../testkit/docker/host-node-mounts.js';
import { IN_CLUSTER_KUBERNETES_IP, startCluster, type TestCluster } from '../testkit/processes/cluster.js';
import { waitFor } from '../testkit/processes/child-process.js';
import { CliSession, kubectlCli, POLL_INTERVAL_MS, STEP_TIMEOUT_MS } from '../testkit/walkthrough.js';

const DOCKER_SKIP = await dockerSkipReason();
const SKIP = DOCKER_SKIP || kubectlSkipReason();
const NS = 'sa-e2e';
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const SA_USER = `system:serviceaccount:${NS}:default`;
const BUSYBOX = 'flotilla/busybox:1.35';
const VOLUME_NAME = /^kube-api-access-[a-z0-9]{5}$/;

function podYaml(name: string, extraSpec = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${NS}
spec:
  terminationGracePeriodSeconds: 0
${extraSpec}  containers:
  - name: main
    image: ${BUSYBOX}
    command: ["sleep", "3600"]
`;
}

/** Lists pods of the namespace it is given as an in-cluster client does; prints what happened as one JSON line. */
const IN_CLUSTER_SCRIPT = `import * as k8s from '@kubernetes/client-node';
const kc = new k8s.KubeConfig();
kc.loadFromCluster();
const server = kc.getCurrentCluster()?.server;
try {
  const list = await kc.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: process.argv[2] });
  console.log(JSON.stringify({ server, pods: list.items.map((p) => p.metadata.name) }));
} catch (err) {
  // client-node keeps an error's Status as the text it received.
  const status = typeof err.body === 'string' ? JSON.parse(err.body) : err.body;
  console.log(JSON.stringify({ server, code: err.code, reason: status?.reason ?? String(err), message: status?.message }));
}
`;

/** The payload of a JWT, as the apiserver signed it (the signature is the apiserver's to check). */
function claimsOf(token: string): { sub?: string; aud?: string[]; 'kubernetes.io'?: { namespace?: string; pod?: { name?: string; uid?: string } } } {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

function isRunning(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isReady(pod);
}

describe('ServiceAccounts on a real cluster through kubectl 1.32', { skip: SKIP }, () => {
  let cluster: TestCluster;
  let client: ApiClient;
  let k: CliSession;
  let caFile: string;
  let server: string;
  let cacheDir: string;

  /** kubectl with a bearer token and nothing else: no kubeconfig user, as an in-cluster client. */
  const asToken = (token: string, args: string[]): Promise<KubectlResult> =>
    runKubectl([`--token=${token}`, `--server=${server}`, `--certificate-authority=${caFile}`, '-n', NS, ...args], { cacheDir });
  const podIn = (name: string) => client.get<Pod>(resources.pods, NS, name);

  before(async () => {
    await ensureTestImages();
    cluster = await startCluster({ agents: 1, https: true, serviceAccounts: true, inClusterApi: true });
    client = cluster.client();
    k = new CliSession(kubectlCli(cluster.kubeconfigPath!));
    const api = cluster.controlPlane.apiserver;
    caFile = api.caFile!;
    server = `https://127.0.0.1:${api.httpsPort}`;
    cacheDir = mkdtempSync(join(cluster.logDir, 'token-kubectl-cache-'));
  });

  after(async () => {
    client?.close();
    await cluster?.stop();
  });

  it('a new namespace gets a default ServiceAccount and kube-root-ca.crt holding the cluster CA', async () => {
    assert.equal(await k.ok(['create', 'namespace', NS]), `namespace/${NS} created\n`);
    const rows = await k.waitForTable('default ServiceAccount', ['get', 'serviceaccounts', '-n', NS], (r) => r.some((row) => row.NAME === 'default'));
    assert.match(JSON.stringify(rows), /"SECRETS":"0"/);
    const ca = await k.waitForOutput('kube-root-ca.crt', ['get', 'configmap', 'kube-root-ca.crt', '-n', NS, '-o', 'jsonpath={.data.ca\\.crt}'], (out) => out.length > 0);
    assert.equal(ca, readFileSync(caFile, 'utf8'));
  });

  it('a pod without serviceAccountName gets default and the kube-api-access volume with token, ca.crt and namespace', async () => {
    assert.equal(await k.ok(['apply', '-f', '-'], podYaml('reader')), 'pod/reader created\n');
    const pod = await podIn('reader');
    assert.equal(pod.spec.serviceAccountName, 'default');
    assert.equal(pod.spec.serviceAccount, 'default', 'the deprecated alias reads the same');
    const volume = (pod.spec.volumes ?? []).find((v) => VOLUME_NAME.test(v.name));
    assert.ok(volume, `no kube-api-access volume in ${JSON.stringify(pod.spec.volumes)}`);
    const sources = volume.projected?.sources ?? [];
    assert.equal(sources.find((s) => s.serviceAccountToken)?.serviceAccountToken?.path, 'token');
    assert.equal(sources.find((s) => s.configMap)?.configMap?.name, 'kube-root-ca.crt');
    const mount = pod.spec.containers[0]?.volumeMounts?.find((m) => m.name === volume.name);
    assert.equal(mount?.mountPath, SA_DIR);
    assert.equal(mount?.readOnly, true);
    assert.match(await k.ok(['get', 'sa', '-n', NS]), /^NAME\s+SECRETS\s+AGE\ndefault\s+0\s+\S+\n$/, 'kubectl get sa prints the default account with kubectl\'s columns');

    await waitForPod(client, 'reader', 'Running', isRunning, STEP_TIMEOUT_MS, NS);
    assert.equal(await k.ok(['exec', 'reader', '-n', NS, '--', 'cat', `${SA_DIR}/namespace`]), NS);
    assert.equal(await k.ok(['exec', 'reader', '-n', NS, '--', 'cat', `${SA_DIR}/ca.crt`]), readFileSync(caFile, 'utf8'));
    const token = await k.ok(['exec', 'reader', '-n', NS, '--', 'cat', `${SA_DIR}/token`]);
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT');
    const claims = claimsOf(token);
    assert.equal(claims.sub, SA_USER);
    assert.equal(claims['kubernetes.io']?.namespace, NS);
    assert.deepEqual(claims['kubernetes.io']?.pod, { name: 'reader', uid: pod.metadata.uid }, 'bound to its pod');
    // kubectl run sends no namespace in the body: the account is looked up in the URL's.
    assert.equal(await k.ok(['run', 'runner', '-n', NS, '--image=flotilla/busybox:1.35', '--restart=Never', '--', 'sleep', '3600']), 'pod/runner created\n');
    assert.equal((await podIn('runner')).spec.serviceAccountName, 'default');
  });

  it("the pod's token is forbidden to list pods until a RoleBinding grants view, then lists them", async () => {
    const token = await k.ok(['exec', 'reader', '-n', NS, '--', 'cat', `${SA_DIR}/token`]);
    const denied = await asToken(token, ['get', 'pods']);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, new RegExp(`pods is forbidden: User "${SA_USER}" cannot list resource "pods" in API group "" in the namespace "${NS}"`));

    assert.equal(
      await k.ok(['create', 'rolebinding', 'default-view', '--clusterrole=view', `--serviceaccount=${NS}:default`, '-n', NS]),
      'rolebinding.rbac.authorization.k8s.io/default-view created\n',
    );
    const listed = await waitFor(
      'the token lists pods',
      async () => {
        const res = await asToken(token, ['get', 'pods']);
        return res.code === 0 ? res.stdout : undefined;
      },
      STEP_TIMEOUT_MS,
      POLL_INTERVAL_MS,
    );
    assert.match(listed, /^reader\s+1\/1\s+Running/m);
  });

  it('kubectl create token prints a token of the same identity; --duration under 10m is refused', async () => {
    const token = (await k.ok(['create', 'token', 'default', '-n', NS])).trim();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const listed = await asToken(token, ['get', 'pods']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^reader\s/m);
    const secrets = await asToken(token, ['get', 'secrets']);
    assert.match(secrets.stderr, new RegExp(`secrets is forbidden: User "${SA_USER}" cannot list resource "secrets"`));

    const short = await k.run(['create', 'token', 'default', '-n', NS, '--duration=5m']);
    assert.notEqual(short.code, 0);
    assert.match(short.stderr, /spec\.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes/);
    const missing = await k.run(['create', 'token', 'nope', '-n', NS]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /serviceaccounts "nope" not found/);
  });

  it('automountServiceAccountToken: false leaves the volume out; a missing account is refused', async () => {
    await k.ok(['apply', '-f', '-'], podYaml('no-token', '  automountServiceAccountToken: false\n'));
    const pod = await podIn('no-token');
    assert.equal(pod.spec.serviceAccountName, 'default');
    assert.deepEqual((pod.spec.volumes ?? []).filter((v) => VOLUME_NAME.test(v.name)), []);
    await waitForPod(client, 'no-token', 'Running', isRunning, STEP_TIMEOUT_MS, NS);
    const ls = await k.run(['exec', 'no-token', '-n', NS, '--', 'ls', SA_DIR]);
    assert.notEqual(ls.code, 0);
    assert.match(ls.stderr, /No such file or directory/);

    const refused = await k.run(['apply', '-f', '-'], podYaml('x', '  serviceAccountName: nope\n'));
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, new RegExp(`pods "x" is forbidden: error looking up service account ${NS}/nope: serviceaccount "nope" not found`));
    const byAlias = await k.run(['apply', '-f', '-'], podYaml('x', '  serviceAccount: nope\n'));
    assert.match(byAlias.stderr, /error looking up service account [\w-]+\/nope: serviceaccount "nope" not found/, 'the deprecated field names the account too');
    const stored = await k.run(['get', 'pod', 'x', '-n', NS]);
    assert.match(stored.stderr, /NotFound/);
  });

  it("a pod's token, and one kubectl create token binds to the pod, stop working once the pod is gone", async () => {
    const mounted = await k.ok(['exec', 'reader', '-n', NS, '--', 'cat', `${SA_DIR}/token`]);
    const bound = (await k.ok(['create', 'token', 'default', '-n', NS, '--bound-object-kind=Pod', '--bound-object-name=reader'])).trim();
    assert.equal(claimsOf(bound)['kubernetes.io']?.pod?.name, 'reader');
    for (const token of [mounted, bound]) assert.equal((await asToken(token, ['get', 'pods'])).code, 0);
    await k.ok(['delete', 'pod', 'reader', '-n', NS, '--wait=true']);
    for (const token of [mounted, bound]) {
      const refused = await asToken(token, ['get', 'pods']);
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, /Unauthorized/);
    }
  });

  it('a token of a deleted account is refused, though the controller brings default back', async () => {
    const token = (await k.ok(['create', 'token', 'default', '-n', NS])).trim();
    assert.equal((await asToken(token, ['get', 'pods'])).code, 0);
    const before = await client.get<ServiceAccount>(resources.serviceAccounts, NS, 'default');
    assert.equal(await k.ok(['delete', 'serviceaccount', 'default', '-n', NS]), 'serviceaccount "default" deleted\n');
    const again = await waitFor(
      'default recreated',
      async () => {
        const sa = await client.get<ServiceAccount>(resources.serviceAccounts, NS, 'default').catch(() => undefined);
        return sa && sa.metadata.uid !== before.metadata.uid ? sa : undefined;
      },
      STEP_TIMEOUT_MS,
      POLL_INTERVAL_MS,
    );
    assert.ok(again.metadata.uid);
    const refused = await asToken(token, ['get', 'pods']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Unauthorized/);
    const fresh = (await k.ok(['create', 'token', 'default', '-n', NS])).trim();
    assert.equal((await asToken(fresh, ['get', 'pods'])).code, 0, 'the binding names the account, not its uid');
  });

  it('an in-cluster client lists pods through the kubernetes Service where its Role allows, and gets 403 elsewhere', async () => {
    const rbac = `apiVersion: v1
kind: ServiceAccount
metadata: { name: lister, namespace: ${NS} }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: pod-lister, namespace: ${NS} }
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: lister-lists-pods, namespace: ${NS} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-lister }
subjects:
- { kind: ServiceAccount, name: lister, namespace: ${NS} }
`;
    await k.ok(['apply', '-f', '-'], rbac);
    const script = join(cluster.logDir, 'in-cluster-list-pods.mjs');
    writeFileSync(script, IN_CLUSTER_SCRIPT);
    const mounts = hostNodeMounts(script, 'list-pods.mjs');
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'in-cluster', namespace: NS },
      spec: { serviceAccountName: 'lister', terminationGracePeriodSeconds: 0, volumes: mounts.volumes, containers: [nodeContainer(BUSYBOX, mounts)] },
    };
    await client.create(resources.pods, pod);
    await waitForPod(client, 'in-cluster', 'Running', isRunning, STEP_TIMEOUT_MS, NS);
    const env = await k.ok(['exec', 'in-cluster', '-n', NS, '--', 'env']);
    assert.match(env, new RegExp(`^KUBERNETES_SERVICE_HOST=${IN_CLUSTER_KUBERNETES_IP.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(env, /^KUBERNETES_SERVICE_PORT=443$/m);

    const listPods = async (namespace: string) => JSON.parse(await k.ok(['exec', 'in-cluster', '-n', NS, '--', POD_NODE, 'list-pods.mjs', namespace])) as { server: string; pods?: string[]; code?: number; reason?: string; message?: string };
    const own = await listPods(NS);
    assert.equal(own.server, `https://${IN_CLUSTER_KUBERNETES_IP}:443`);
    assert.ok(own.pods?.includes('in-cluster'), JSON.stringify(own));
    const other = await listPods('default');
    assert.deepEqual({ code: other.code, reason: other.reason }, { code: 403, reason: 'Forbidden' }, JSON.stringify(other));
    assert.equal(other.message, `pods is forbidden: User "system:serviceaccount:${NS}:lister" cannot list resource "pods" in API group "" in the namespace "default"`);
  });
});
