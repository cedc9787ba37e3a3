// The node authorizer and NodeRestriction against a real apiserver (Node,RBAC
// and NodeRestriction are its defaults) over HTTPS, with kubectl holding each
// node's own token: a node reads the Secret its bound pod uses and no other,
// stops reading it once the pod is gone, writes the status only of its own
// pods and only its own Node, and `kubectl auth can-i` answers as the
// authorizer decides. Needs no Docker: pods are bound by spec.nodeName and no
// agent runs them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeKubeconfig } from '../testkit/credentials.js';
import { kubectlSkipReason, runKubectl, type KubectlResult } from '../testkit/kubectl.js';
import { useControlPlane } from '../testkit/processes/use-control-plane.js';

const NODES = { n1: 'node-n1-token-0123456789', n2: 'node-n2-token-0123456789' } as const;
type NodeName = keyof typeof NODES;
/** How long a change may take to reach the node authorizer's caches (one watch event). */
const GRAPH_WAIT_MS = 10_000;
const POLL_MS = 200;

function podManifest(name: string, node: NodeName, secret: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'flotilla/busybox:1.35' }], volumes: [{ name: 'creds', secret: { secretName: secret } }] },
  });
}

describe('node authorizer and NodeRestriction', { skip: kubectlSkipReason() }, () => {
  const cp = useControlPlane({ https: true, extraTokens: Object.entries(NODES).map(([node, token]) => `${token},system:node:${node},${node}-uid,"system:nodes"`) });

  const kubeconfigs = new Map<NodeName, string>();
  const kubeconfigOf = async (node: NodeName): Promise<string> => {
    const known = kubeconfigs.get(node);
    if (known) return known;
    const dir = mkdtempSync(join(cp.plane.logDir, `kubeconfig-${node}-`));
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${NODES[node]}\n`);
    const api = cp.plane.apiserver;
    const path = await writeKubeconfig({ server: `https://127.0.0.1:${api.httpsPort}`, caFile: api.caFile as string, tokenFile, out: join(dir, 'kubeconfig') });
    kubeconfigs.set(node, path);
    return path;
  };
  const as = async (node: NodeName, args: string[], stdin?: string): Promise<KubectlResult> => runKubectl(args, { kubeconfig: await kubeconfigOf(node), stdin });
  const admin = async (args: string[], stdin?: string): Promise<string> => {
    const res = await runKubectl(args, { kubeconfig: cp.kubeconfig, stdin });
    assert.equal(res.code, 0, `kubectl ${args.join(' ')}: ${res.stderr}`);
    return res.stdout;
  };
  /** Runs `args` as the node until `done` holds of the result or the wait is over (caches follow by watch); returns the last result. */
  const until = async (node: NodeName, args: string[], done: (res: KubectlResult) => boolean): Promise<KubectlResult> => {
    const deadline = Date.now() + GRAPH_WAIT_MS;
    for (;;) {
      const res = await as(node, args);
      if (done(res) || Date.now() > deadline) return res;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };
  const succeeds = (res: KubectlResult): boolean => res.code === 0;
  /** kubectl prints `no - <reason>` when the authorizer gave one. */
  const answerOf = (res: KubectlResult): string => res.stdout.trim().split(' ')[0] ?? '';
  const answers = (want: 'yes' | 'no') => (res: KubectlResult): boolean => answerOf(res) === want;

  it('each node registers its own Node, and may not create another', async () => {
    for (const node of Object.keys(NODES) as NodeName[]) {
      const res = await as(node, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: node } }));
      assert.equal(res.code, 0, `${node}: ${res.stderr}`);
    }
    const res = await as('n1', ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n3' } }));
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /nodes "n3" is forbidden: node "n1" is not allowed to modify node "n3"/);
  });

  it('a node gets the secret its bound pod uses, and not another node\'s', async () => {
    await admin(['create', 'secret', 'generic', 's1', '--from-literal=k=one']);
    await admin(['create', 'secret', 'generic', 's2', '--from-literal=k=two']);
    await admin(['create', '-f', '-'], podManifest('p1', 'n1', 's1'));
    await admin(['create', '-f', '-'], podManifest('p2', 'n2', 's2'));
    const own = await until('n1', ['get', 'secret', 's1', '-o', 'jsonpath={.data.k}'], succeeds);
    assert.equal(own.code, 0, own.stderr);
    assert.equal(Buffer.from(own.stdout, 'base64').toString(), 'one');
    const other = await as('n1', ['get', 'secret', 's2']);
    assert.notEqual(other.code, 0);
    assert.match(other.stderr, /secrets "s2" is forbidden: User "system:node:n1" cannot get resource "secrets" in API group "" in the namespace "default": no relationship found between node 'n1' and this object/);
    // Listing every secret is no read of one a pod needs.
    assert.notEqual((await as('n1', ['get', 'secrets'])).code, 0);
    assert.equal((await until('n2', ['get', 'secret', 's2'], succeeds)).code, 0);
  });

  it('kubectl auth can-i answers for each node with its own credentials', async () => {
    assert.equal(answerOf(await until('n1', ['auth', 'can-i', 'get', 'secrets/s1'], answers('yes'))), 'yes');
    const refused = await as('n1', ['auth', 'can-i', 'get', 'secrets/s2']);
    assert.equal(refused.stdout.trim(), "no - no relationship found between node 'n1' and this object");
    assert.equal(answerOf(await as('n2', ['auth', 'can-i', 'get', 'secrets/s2'])), 'yes');
    assert.equal(answerOf(await as('n1', ['auth', 'can-i', 'update', 'leases/n1', '-n', 'kube-node-lease'])), 'yes');
    assert.equal(answerOf(await as('n1', ['auth', 'can-i', 'update', 'leases/n2', '-n', 'kube-node-lease'])), 'no');
    assert.equal(answerOf(await as('n1', ['auth', 'can-i', 'create', 'deployments'])), 'no');
  });

  it('a node patches the status of its own pod, and not of a pod bound to another node', async () => {
    const status = JSON.stringify({ status: { message: 'seen by n1' } });
    const own = await as('n1', ['patch', 'pod', 'p1', '--subresource=status', '--type=merge', '-p', status]);
    assert.equal(own.code, 0, own.stderr);
    const other = await as('n1', ['patch', 'pod', 'p2', '--subresource=status', '--type=merge', '-p', status]);
    assert.notEqual(other.code, 0);
    assert.match(other.stderr, /pods "p2" is forbidden: node "n1" can only update pod status for pods with spec.nodeName set to itself/);
    assert.equal(await admin(['get', 'pod', 'p2', '-o', 'jsonpath={.status.message}']), '');
  });

  it('a node labels its own Node, and cannot update another node or set restricted labels', async () => {
    const own = await as('n1', ['label', 'node', 'n1', 'disk=ssd']);
    assert.equal(own.code, 0, own.stderr);
    const other = await as('n1', ['label', 'node', 'n2', 'disk=ssd']);
    assert.notEqual(other.code, 0);
    assert.match(other.stderr, /nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"/);
    const restricted = await as('n1', ['label', 'node', 'n1', 'node-restriction.kubernetes.io/pci=true']);
    assert.notEqual(restricted.code, 0);
    assert.match(restricted.stderr, /is not allowed to modify labels: node-restriction.kubernetes.io\/pci/);
    assert.equal(await admin(['get', 'node', 'n2', '-o', 'jsonpath={.metadata.labels.disk}']), '');
  });

  it('once its pod is deleted, the node can no longer read the secret', async () => {
    await admin(['delete', 'pod', 'p1', '--grace-period=0', '--force']);
    const gone = await until('n1', ['get', 'secret', 's1'], (res) => res.code !== 0);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /no relationship found between node 'n1' and this object/);
    assert.equal(answerOf(await as('n1', ['auth', 'can-i', 'get', 'secrets/s1'])), 'no');
  });
});
