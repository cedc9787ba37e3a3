// ResourceQuota, LimitRange and the audit log through kubectl 1.32 against a
// real apiserver's HTTPS port (etcd + apiserver, no Docker): a namespace with
// `pods: 3` refuses the fourth pod in Kubernetes' words, also when six are
// created at once; a LimitRange fills in requests and refuses a limit over its
// max; the audit log has a line for a create with its user and code.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useControlPlane } from '../testkit/processes/use-control-plane.js';
import { kubectlSkipReason, runKubectl } from '../testkit/kubectl.js';
import { resources } from '../api/resources.js';

const auditDir = mkdtempSync(join(tmpdir(), 'flotilla-audit-'));
const AUDIT_LOG = join(auditDir, 'audit.log');
/** How long the buffered audit stream may take to reach the file. */
const AUDIT_WAIT_MS = 5_000;
const POLL_MS = 100;
const CONCURRENT_PODS = 6;
const POD_QUOTA = 3;

function podYaml(ns: string, name: string, resources = ''): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}}
spec:
  containers:
  - name: app
    image: flotilla/busybox:1.35
${resources}`;
}

describe('ResourceQuota, LimitRange and the audit log over HTTPS', { skip: kubectlSkipReason() }, () => {
  const cp = useControlPlane({ https: true, extraArgs: ['--audit-log-path', AUDIT_LOG, '--audit-policy-level', 'Metadata'] });
  after(() => rmSync(auditDir, { recursive: true, force: true }));
  const kubectl = (args: string[], stdin?: string) => runKubectl(args, { kubeconfig: cp.kubeconfig, ...(stdin === undefined ? {} : { stdin }) });
  const ok = async (args: string[], stdin?: string): Promise<string> => {
    const res = await kubectl(args, stdin);
    assert.equal(res.code, 0, `kubectl ${args.join(' ')}: ${res.stderr}`);
    return res.stdout;
  };

  it('a namespace with pods: 3 refuses the fourth pod with Kubernetes message, and kubectl prints the quota', async () => {
    await ok(['create', 'namespace', 'quota-seq']);
    await ok(['create', 'quota', 'q', '-n', 'quota-seq', `--hard=pods=${POD_QUOTA},requests.cpu=1`]);
    for (let i = 1; i <= POD_QUOTA; i++) await ok(['apply', '-f', '-'], podYaml('quota-seq', `p${i}`, '    resources: {requests: {cpu: 100m}}'));
    const fourth = await kubectl(['apply', '-f', '-'], podYaml('quota-seq', 'p4', '    resources: {requests: {cpu: 100m}}'));
    assert.notEqual(fourth.code, 0);
    assert.match(fourth.stderr, /pods "p4" is forbidden: exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3/);
    const noCpu = await kubectl(['apply', '-f', '-'], podYaml('quota-seq', 'bare'));
    assert.match(noCpu.stderr, /pods "bare" is forbidden: failed quota: q: must specify requests.cpu for: app/);
    const table = await ok(['get', 'quota', '-n', 'quota-seq']);
    assert.match(table.split('\n')[0], /^NAME\s+AGE\s+REQUEST\s+LIMIT\s*$/);
    assert.match(table, /^q\s+\S+\s+pods: 3\/3, requests\.cpu: 300m\/1\s*$/m);
  });

  it('of six pods created at once under pods: 3, exactly three are admitted', async () => {
    await ok(['create', 'namespace', 'quota-race']);
    await ok(['create', 'quota', 'q', '-n', 'quota-race', `--hard=pods=${POD_QUOTA}`]);
    const results = await Promise.all(Array.from({ length: CONCURRENT_PODS }, (_, i) => kubectl(['apply', '-f', '-'], podYaml('quota-race', `r${i}`))));
    const admitted = results.filter((r) => r.code === 0);
    assert.equal(admitted.length, POD_QUOTA, results.map((r) => r.stderr).join('\n'));
    for (const r of results.filter((res) => res.code !== 0)) assert.match(r.stderr, /exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3/);
    const pods = (await ok(['get', 'pods', '-n', 'quota-race', '-o', 'name'])).trim().split('\n');
    assert.equal(pods.length, POD_QUOTA);
    const used = JSON.parse(await ok(['get', 'quota', 'q', '-n', 'quota-race', '-o', 'json'])) as { status: { used: Record<string, string> } };
    assert.equal(used.status.used.pods, String(POD_QUOTA));
  });

  it('a LimitRange defaults requests and limits and refuses a limit over its max', async () => {
    await ok(['create', 'namespace', 'limits']);
    await ok(['apply', '-f', '-'], `apiVersion: v1
kind: LimitRange
metadata: {name: lr, namespace: limits}
spec:
  limits:
  - type: Container
    default: {cpu: 300m, memory: 64Mi}
    defaultRequest: {cpu: 200m}
    max: {cpu: 500m}
`);
    assert.match((await ok(['get', 'limits', '-n', 'limits'])).split('\n')[0], /^NAME\s+CREATED AT\s*$/);
    await ok(['apply', '-f', '-'], podYaml('limits', 'defaulted'));
    const pod = JSON.parse(await ok(['get', 'pod', 'defaulted', '-n', 'limits', '-o', 'json'])) as { spec: { containers: { resources: unknown }[] } };
    assert.deepEqual(pod.spec.containers[0].resources, { limits: { cpu: '300m', memory: '64Mi' }, requests: { cpu: '200m', memory: '64Mi' } });
    const big = await kubectl(['apply', '-f', '-'], podYaml('limits', 'x', '    resources: {limits: {cpu: "1"}}'));
    assert.notEqual(big.code, 0);
    assert.match(big.stderr, /pods "x" is forbidden: maximum cpu usage per Container is 500m, but limit is 1/);
  });

  /** The first audit event `match` accepts, once the buffered stream wrote it. */
  const auditLine = async (match: (e: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + AUDIT_WAIT_MS;
    for (;;) {
      const lines = readFileSync(AUDIT_LOG, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      const found = lines.find(match);
      if (found) return found;
      assert.ok(Date.now() < deadline, 'no such audit event');
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };

  it('the audit log records a create with its user, verb, object and response code', async () => {
    await ok(['create', 'configmap', 'audited', '-n', 'default', '--from-literal=k=v']);
    const line = await auditLine(
      (e) => e.verb === 'create' && (e.objectRef as { resource?: string } | undefined)?.resource === 'configmaps' && String(e.requestURI).startsWith('/api/v1/namespaces/default/configmaps'),
    );
    assert.equal(line.apiVersion, 'audit.k8s.io/v1');
    assert.equal(line.level, 'Metadata');
    assert.deepEqual(line.user, { username: 'admin', uid: 'admin', groups: ['system:masters', 'system:authenticated'] });
    assert.deepEqual(line.objectRef, { resource: 'configmaps', namespace: 'default', apiVersion: 'v1' });
    assert.deepEqual(line.responseStatus, { metadata: {}, code: 201 });
    // A gRPC create is recorded too, under the caller the gRPC port authenticated (the admin's token).
    await cp.client.create(resources.configMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'over-grpc', namespace: 'default' } });
    const grpcLine = await auditLine((e) => (e.objectRef as { name?: string } | undefined)?.name === 'over-grpc');
    assert.equal(grpcLine.verb, 'create');
    assert.deepEqual(grpcLine.user, { username: 'admin', uid: 'admin', groups: ['system:masters', 'system:authenticated'] });
    assert.equal((grpcLine.responseStatus as { code: number }).code, 201);
    // Reads are not audited at Metadata.
    await ok(['get', 'configmap', 'audited', '-n', 'default']);
    const reads = readFileSync(AUDIT_LOG, 'utf8').split('\n').filter((l) => l.includes('"verb":"get"'));
    assert.deepEqual(reads, []);
  });
});
