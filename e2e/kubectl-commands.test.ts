// The kubectl commands people type, with the real kubectl 1.32 against the
// apiserver's Kubernetes HTTP API: discovery, OpenAPI (strict validation),
// tables, apply, scale, rollout, label, patch, watch, delete. The
// controllers run for real; a fake agent plays the nodes, so no Docker.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { SERVED_DEFINITIONS } from '../api/kinds/served-versions.js';
import { METRICS_API_VERSION } from '../api/metrics-api-group.js';
import { apiVersionOf, resources } from '../api/resources.js';
import { kubectlInvocation, kubectlSkipReason, runKubectl, suiteKubectl } from '../testkit/kubectl.js';
import { startCommand } from '../testkit/processes/command.js';
import { WEB_DEPLOYMENT_YAML } from '../testkit/objects/kubectl-manifests.js';
import { DEFAULT_STORAGE_CLASS_MANIFEST } from '../testkit/repo-paths.js';
import { useControllerCluster } from '../testkit/processes/controller-cluster.js';
import { waitUntil } from '../testkit/wait-until.js';

const NS = 'kubectl-e2e';
const ROLLOUT_TIMEOUT = '60s';
const SETTLE_TIMEOUT_MS = 30_000;
const WAIT_TIMEOUT = '30s';
const HOLD_FINALIZER = 'kubectl-e2e.flotilla.dev/hold';

const CLAIM = (name: string, storage: string, mode: string): string =>
  `{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"${name}"},"spec":{"accessModes":["${mode}"],"resources":{"requests":{"storage":"${storage}"}}}}`;
const HOST_PATH_PV = '{"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"pv-e2e"},"spec":{"capacity":{"storage":"2Gi"},"accessModes":["ReadWriteOnce","ReadWriteMany"],"storageClassName":"manual","hostPath":{"path":"/srv/pv-e2e"}}}';

const POD = (name: string, labels: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {${labels}}
spec:
  containers:
  - name: app
    image: flotilla/busybox:1.35
    command: [sleep, '3600']
`;

const DAEMON_SET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agentd
spec:
  selector:
    matchLabels: {app: agentd}
  template:
    metadata:
      labels: {app: agentd}
    spec:
      containers:
      - name: d
        image: flotilla/busybox:1.35
`;

const STATEFUL_SET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: db
        image: flotilla/busybox:1.35
`;

/** The column names of a printed table, as its first line spells them. */
function headers(text: string): string[] {
  return (text.split('\n')[0] ?? '').trim().split(/\s{2,}/);
}

const DEPLOYMENT = WEB_DEPLOYMENT_YAML;

describe('kubectl 1.32 against the HTTP API', { skip: kubectlSkipReason('1.32') }, () => {
  const env = useControllerCluster({
    namespaces: [NS],
    agent: { nodes: ['kubectl-node-a', 'kubectl-node-b'] },
    controllerManagerArgs: ['--leader-elect=false', '--controllers', 'replicaset,deployment,daemonset,statefulset,garbagecollector'],
    https: true,
  });

  const { run: kubectl, ok, manifest } = suiteKubectl(NS, () => ({ kubeconfig: env.kubeconfig, dir: env.plane.logDir }));

  it('version, api-resources and explain come from the server', async () => {
    assert.match(await ok(['version']), /Server Version: v1\.32\.0-flotilla/);
    const table = await ok(['api-resources']);
    for (const row of [/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m, /^pods\s+po\s+v1\s+true\s+Pod$/m, /^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m]) {
      assert.match(table, row);
    }
    assert.match(await ok(['explain', 'deployment.spec.replicas']), /FIELD: replicas <integer>/);
  });

  it('apply creates, then leaves unchanged, then configures; strict validation names an unknown field', async () => {
    const path = manifest('web.yaml', DEPLOYMENT);
    assert.equal(await ok(['apply', '-f', path]), 'deployment.apps/web created\n');
    assert.equal(await ok(['apply', '-f', path]), 'deployment.apps/web unchanged\n');
    assert.equal(await ok(['apply', '-f', manifest('web-3.yaml', DEPLOYMENT.replace('replicas: 2', 'replicas: 3'))]), 'deployment.apps/web configured\n');
    const typo = await kubectl(['apply', '-f', manifest('typo.yaml', DEPLOYMENT.replace('replicas: 2', 'replicaz: 2'))]);
    assert.notEqual(typo.code, 0);
    assert.match(typo.stderr, /unknown field "spec.replicaz"/);
  });

  it('get prints the server-side table, wide and as json, and rollout status follows the controllers', async () => {
    assert.match(await ok(['rollout', 'status', 'deployment/web', `--timeout=${ROLLOUT_TIMEOUT}`]), /successfully rolled out/);
    const table = await ok(['get', 'deployments']);
    assert.match(table, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+3\/3\s+3\s+3\s+\S+\n$/);
    const wide = await ok(['get', 'deploy', 'web', '-o', 'wide']);
    assert.match(wide, /CONTAINERS\s+IMAGES\s+SELECTOR\nweb\s+3\/3\s+3\s+3\s+\S+\s+nginx\s+flotilla\/nginx:1\.22\s+app=web\n/);
    const pods = await ok(['get', 'pods', '-l', 'app=web', '-o', 'name']);
    assert.equal(pods.trim().split('\n').length, 3);
    const json = JSON.parse(await ok(['get', 'deployment', 'web', '-o', 'json'])) as { spec: { replicas: number } };
    assert.equal(json.spec.replicas, 3);
    assert.equal(await ok(['get', 'deployment', 'web', '-o', 'jsonpath={.status.readyReplicas}']), '3');
  });

  it('scale goes through the scale subresource; label, annotate and the three patch types change the object', async () => {
    assert.equal(await ok(['scale', 'deployment/web', '--replicas=1']), 'deployment.apps/web scaled\n');
    await waitUntil('the deployment at 1 replica', async () => (await env.client.get(resources.deployments, NS, 'web')).status?.replicas === 1, SETTLE_TIMEOUT_MS);
    assert.equal(await ok(['label', 'deployment', 'web', 'tier=frontend']), 'deployment.apps/web labeled\n');
    assert.equal(await ok(['annotate', 'deployment', 'web', 'owner=team-a']), 'deployment.apps/web annotated\n');
    await ok(['patch', 'deployment', 'web', '--type=merge', '-p', '{"spec":{"minReadySeconds":1}}']);
    await ok(['patch', 'deployment', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/revisionHistoryLimit","value":5}]']);
    await ok(['patch', 'deployment', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"flotilla/busybox:1.35"}]}}}}']);
    const d = await env.client.get(resources.deployments, NS, 'web');
    assert.equal(d.metadata.labels?.tier, 'frontend');
    assert.equal(d.metadata.annotations?.owner, 'team-a');
    assert.equal(d.spec.minReadySeconds, 1);
    assert.equal(d.spec.revisionHistoryLimit, 5);
    assert.deepEqual(d.spec.template.spec.containers.map((c) => c.name).sort(), ['nginx', 'sidecar']);
  });

  it('set image then rollout undo returns to the previous replica set, not a new one', async () => {
    const before = (await env.client.list(resources.replicaSets, { namespace: NS })).items.map((rs) => rs.metadata.name).sort();
    assert.equal(await ok(['set', 'image', 'deployment/web', 'nginx=flotilla/nginx:latest']), 'deployment.apps/web image updated\n');
    assert.match(await ok(['rollout', 'status', 'deployment/web', `--timeout=${ROLLOUT_TIMEOUT}`]), /successfully rolled out/);
    assert.equal(await ok(['rollout', 'undo', 'deployment/web']), 'deployment.apps/web rolled back\n');
    assert.match(await ok(['rollout', 'status', 'deployment/web', `--timeout=${ROLLOUT_TIMEOUT}`]), /successfully rolled out/);
    const after = (await env.client.list(resources.replicaSets, { namespace: NS })).items;
    assert.equal(after.length, before.length + 1, 'one replica set for the new image, none for the undo');
    const active = after.filter((rs) => (rs.spec.replicas ?? 0) > 0).map((rs) => rs.metadata.name);
    assert.equal(active.length, 1);
    assert.ok(before.includes(active[0] ?? ''), `the undo scaled up ${active[0]}, one of ${before.join(', ')}`);
  });

  // kubectl 1.32+ sends these bodies as protobuf, with no JSON fallback.
  it('create deployment, namespace and configmap send protobuf bodies the apiserver stores as JSON would; a ConfigMap prints and validates as Kubernetes does', async () => {
    assert.equal(await ok(['create', 'deployment', 'web2', '--image=flotilla/nginx:1.22', '--replicas=2']), 'deployment.apps/web2 created\n');
    const deployment = await env.client.get(resources.deployments, NS, 'web2');
    assert.equal(deployment.spec.replicas, 2);
    assert.deepEqual(deployment.spec.selector.matchLabels, { app: 'web2' });
    assert.deepEqual(deployment.spec.template.metadata?.labels, { app: 'web2' });
    assert.deepEqual(
      deployment.spec.template.spec.containers.map((c) => [c.name, c.image]),
      [['nginx', 'flotilla/nginx:1.22']],
    );
    assert.ok(deployment.metadata.creationTimestamp, 'the server sets creationTimestamp');

    assert.equal(await ok(['create', 'namespace', 'ns-x']), 'namespace/ns-x created\n');
    const namespace = await env.client.get(resources.namespaces, '', 'ns-x');
    assert.equal(namespace.metadata.name, 'ns-x');
    assert.equal(namespace.status?.phase, 'Active');

    assert.equal(await ok(['create', 'configmap', 'cfg', '--from-literal=a=b']), 'configmap/cfg created\n');
    const configMap = await env.client.get(resources.configMaps, NS, 'cfg');
    assert.deepEqual(configMap.data, { a: 'b' });
    assert.match(await ok(['get', 'cm', 'cfg']), /^NAME\s+DATA\s+AGE\ncfg\s+1\s+\S+\n$/);
    const badKey = await kubectl(['apply', '-f', manifest('bad-cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad-cm\ndata:\n  a/b: x\n')]);
    assert.notEqual(badKey.code, 0);
    assert.match(badKey.stderr, /ConfigMap "bad-cm" is invalid: data\[a\/b\]: Invalid value: "a\/b": a valid config key/);
    assert.equal(await ok(['delete', 'configmap', 'cfg']), 'configmap "cfg" deleted\n');

    assert.equal(await ok(['delete', 'deployment', 'web2']), 'deployment.apps "web2" deleted\n');
    assert.equal(await ok(['delete', 'namespace', 'ns-x']), 'namespace "ns-x" deleted\n');
  });

  it('errors read as Kubernetes prints them', async () => {
    const missing = await kubectl(['get', 'deployment', 'nothing-here']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /Error from server \(NotFound\): deployments.apps "nothing-here" not found/);
    const invalid = await kubectl(['scale', 'deployment/web', '--replicas=-3']);
    assert.notEqual(invalid.code, 0);
  });

  it('get: -o wide, yaml, custom-columns, name, -A, -l, --show-labels, --sort-by and get all', async () => {
    await ok(['apply', '-f', manifest('pod-b.yaml', POD('pod-b', 'tier: back'))]);
    await ok(['apply', '-f', manifest('pod-a.yaml', POD('pod-a', 'tier: front'))]);
    await waitUntil('pod-a and pod-b Running', async () => (await ok(['get', 'pods', 'pod-a', 'pod-b', '-o', 'jsonpath={.items[*].status.phase}'])) === 'Running Running', SETTLE_TIMEOUT_MS);
    const wide = await ok(['get', 'pod', 'pod-a', '-o', 'wide']);
    assert.deepEqual(headers(wide), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    assert.match(wide, /\npod-a\s+1\/1\s+Running\s+0\s+\S+\s+\S+\s+kubectl-node-[ab]\s+<none>\s+<none>\n$/);
    const yaml = await ok(['get', 'pod', 'pod-a', '-o', 'yaml']);
    assert.match(yaml, /^apiVersion: v1\nkind: Pod\nmetadata:\n/);
    assert.match(yaml, /^ {4}tier: front$/m);
    assert.match(yaml, /^ {2}phase: Running$/m);
    assert.equal(
      await ok(['get', 'pods', '-l', 'tier', '-o', 'custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier', '--sort-by=.metadata.name']),
      'NAME    TIER\npod-a   front\npod-b   back\n',
    );
    assert.equal(await ok(['get', 'pods', '-l', 'tier=back', '-o', 'name']), 'pod/pod-b\n');
    assert.equal(await ok(['get', 'pods', '-l', 'tier in (front,back)', '--sort-by=.metadata.name', '-o', 'name']), 'pod/pod-a\npod/pod-b\n');
    assert.match(await ok(['get', 'pod', 'pod-a', '--show-labels']), /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+LABELS\npod-a\s+1\/1\s+Running\s+0\s+\S+\s+tier=front\n$/);
    const everywhere = await kubectl(['get', 'pods', '-A', '-l', 'tier']);
    assert.equal(everywhere.code, 0, everywhere.stderr);
    assert.deepEqual(headers(everywhere.stdout), ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    assert.match(everywhere.stdout, new RegExp(`^${NS}\\s+pod-a\\s+1/1\\s+Running`, 'm'));
    const all = await ok(['get', 'all']);
    assert.match(all, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\npod\/pod-a\s+1\/1\s+Running/m);
    assert.match(all, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ndeployment\.apps\/web\s/m);
    assert.match(all, /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nreplicaset\.apps\/web-[a-z0-9]+\s/m);
  });

  it('get -w prints the table, then each change, until stopped', async () => {
    const watch = startCommand(kubectlInvocation(['-n', NS, 'get', 'pods', '-l', 'tier=back', '-w'], { kubeconfig: env.kubeconfig, version: '1.32' }), 'kubectl get -w');
    try {
      await watch.waitForOutput(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\npod-b\s+1\/1\s+Running\s+0\s+\S+\n/);
      assert.equal(await ok(['label', 'pod', 'pod-b', 'tier=gone', '--overwrite']), 'pod/pod-b labeled\n');
      // The pod leaves the selection: kubectl prints it once more, as the watch's last word on it.
      await watch.waitForOutput(/\npod-b\s+1\/1\s+Running\s+0\s+\S+\npod-b\s+1\/1\s+Running\s+0\s+\S+\n$/);
      assert.equal(watch.child.exitCode, null, 'get -w keeps watching');
    } finally {
      await watch.stop();
    }
  });

  it('describe pod, node, deployment, replica set, daemon set and stateful set', async () => {
    await ok(['apply', '-f', manifest('ds.yaml', DAEMON_SET)]);
    await ok(['apply', '-f', manifest('sts.yaml', STATEFUL_SET)]);
    const pod = await ok(['describe', 'pod', 'pod-a']);
    assert.match(pod, /^Name:\s+pod-a$/m);
    assert.match(pod, new RegExp(`^Namespace:\\s+${NS}$`, 'm'));
    assert.match(pod, /^Node:\s+kubectl-node-[ab]\//m);
    assert.match(pod, /^Status:\s+Running$/m);
    assert.match(pod, /^Containers:\n {2}app:\n/m);
    const node = await ok(['describe', 'node', 'kubectl-node-a']);
    assert.match(node, /^Name:\s+kubectl-node-a$/m);
    assert.match(node, /^Conditions:\n\s+Type\s+Status\s+LastHeartbeatTime\s+LastTransitionTime\s+Reason\s+Message$/m);
    assert.match(node, /^Non-terminated Pods:\s+\(\d+ in total\)$/m);
    const deployment = await ok(['describe', 'deployment', 'web']);
    assert.match(deployment, /^Replicas:\s+\d+ desired \| \d+ updated \| \d+ total \| \d+ available \| \d+ unavailable$/m);
    assert.match(deployment, /^NewReplicaSet:\s+web-[a-z0-9]+ \(\d+\/\d+ replicas created\)$/m);
    assert.match(deployment, /Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled (up|down) replica set web-/);
    const rs = await ok(['describe', 'rs', '-l', 'app=web']);
    assert.match(rs, /^Controlled By:\s+Deployment\/web$/m);
    assert.match(rs, /Normal\s+SuccessfulCreate\s+\S+\s+replicaset-controller\s+Created pod: web-/);
    await waitUntil('agentd on both nodes and db-0, db-1 Ready', async () => {
      const ds = await env.client.get(resources.daemonSets, NS, 'agentd');
      const sts = await env.client.get(resources.statefulSets, NS, 'db');
      return ds.status?.numberReady === 2 && sts.status?.readyReplicas === 2;
    }, SETTLE_TIMEOUT_MS);
    const ds = await ok(['describe', 'ds', 'agentd']);
    assert.match(ds, /^Desired Number of Nodes Scheduled: 2$/m);
    assert.match(ds, /^Pods Status:\s+2 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed$/m);
    assert.match(ds, /Normal\s+SuccessfulCreate\s+\S+\s+daemonset-controller\s+Created pod: agentd-/);
    const sts = await ok(['describe', 'sts', 'db']);
    assert.match(sts, /^Replicas:\s+2 desired \| 2 total$/m);
    assert.match(sts, /Normal\s+SuccessfulCreate\s+\S+\s+statefulset-controller\s+create Pod db-1 in StatefulSet db successful/);
  });

  it('apply --dry-run=server answers without storing; create -f and run create; create twice is AlreadyExists', async () => {
    const path = manifest('dry.yaml', POD('dry', 'tier: dry'));
    assert.equal(await ok(['apply', '-f', path, '--dry-run=server']), 'pod/dry created (server dry run)\n');
    assert.match((await kubectl(['get', 'pod', 'dry'])).stderr, /Error from server \(NotFound\): pods "dry" not found/);
    assert.equal(await ok(['create', '-f', path]), 'pod/dry created\n');
    const again = await kubectl(['create', '-f', path]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Error from server \(AlreadyExists\): error when creating ".*dry\.yaml": pods "dry" already exists/);
    assert.equal(await ok(['run', 'runner', '--image=flotilla/busybox:1.35', '--labels=tier=run', '--', 'sleep', '3600']), 'pod/runner created\n');
    const runner = await env.client.get(resources.pods, NS, 'runner');
    assert.deepEqual(runner.spec.containers.map((c) => [c.name, c.image, c.args]), [['runner', 'flotilla/busybox:1.35', ['sleep', '3600']]]);
  });

  it('cordon and uncordon flip the node\'s unschedulable', async () => {
    assert.equal(await ok(['cordon', 'kubectl-node-b']), 'node/kubectl-node-b cordoned\n');
    assert.match(await ok(['get', 'node', 'kubectl-node-b']), /\nkubectl-node-b\s+Ready,SchedulingDisabled\s/);
    assert.equal((await env.client.get(resources.nodes, '', 'kubectl-node-b')).spec?.unschedulable, true);
    assert.equal(await ok(['cordon', 'kubectl-node-b']), 'node/kubectl-node-b already cordoned\n');
    assert.equal(await ok(['uncordon', 'kubectl-node-b']), 'node/kubectl-node-b uncordoned\n');
    assert.match(await ok(['get', 'node', 'kubectl-node-b']), /\nkubectl-node-b\s+Ready\s/);
  });

  it('edit opens $EDITOR on the object and patches what changed', async () => {
    const editor = manifest('editor.sh', '#!/bin/sh\nsed -i "s/minReadySeconds: 1/minReadySeconds: 2/" "$1"\n');
    chmodSync(editor, 0o755);
    const edited = await runKubectl(['-n', NS, 'edit', 'deployment/web'], { kubeconfig: env.kubeconfig, version: '1.32', env: { EDITOR: editor, KUBE_EDITOR: editor } });
    assert.equal(edited.code, 0, edited.stderr);
    assert.equal(edited.stdout, 'deployment.apps/web edited\n');
    assert.equal((await env.client.get(resources.deployments, NS, 'web')).spec.minReadySeconds, 2);
    const unchanged = manifest('same.sh', '#!/bin/sh\ntrue\n');
    chmodSync(unchanged, 0o755);
    const cancelled = await runKubectl(['-n', NS, 'edit', 'deployment/web'], { kubeconfig: env.kubeconfig, version: '1.32', env: { EDITOR: unchanged, KUBE_EDITOR: unchanged } });
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.equal(cancelled.stderr, 'Edit cancelled, no changes made.\n');
  });

  it('wait --for=condition=Available and --for=delete', async () => {
    assert.equal(await ok(['wait', '--for=condition=Available', 'deployment/web', `--timeout=${WAIT_TIMEOUT}`]), 'deployment.apps/web condition met\n');
    // A finalizer holds the deleted pod until kubectl is watching it, so the wait sees it go.
    await ok(['patch', 'pod', 'runner', '-p', `{"metadata":{"finalizers":["${HOLD_FINALIZER}"]}}`]);
    await ok(['delete', 'pod', 'runner', '--wait=false']);
    const waiting = startCommand(kubectlInvocation(['-n', NS, 'wait', '--for=delete', 'pod/runner', `--timeout=${WAIT_TIMEOUT}`, '-v=6'], { kubeconfig: env.kubeconfig, version: '1.32' }), 'kubectl wait --for=delete');
    try {
      await waiting.waitForStderr(/GET https:\/\/\S+\/pods\?\S*fieldSelector=metadata\.name%3Drunner\S*watch=true\S* 200 OK/);
      await ok(['patch', 'pod', 'runner', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
      assert.equal(await waiting.exited, 0);
      assert.equal(waiting.output(), 'pod/runner condition met\n');
    } finally {
      await waiting.stop();
    }
  });

  it('delete with -l, --all, --grace-period=0 --force and --cascade=orphan', async () => {
    assert.equal(await ok(['delete', 'pods', '-l', 'tier=dry']), 'pod "dry" deleted\n');
    const forced = await kubectl(['delete', 'pod', 'pod-a', '--grace-period=0', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(forced.stdout, 'pod "pod-a" force deleted\n');
    assert.match(forced.stderr, /^Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated/);
    assert.equal(await ok(['delete', 'sts', 'db', '--cascade=orphan']), 'statefulset.apps "db" deleted\n');
    const orphans = await env.client.list(resources.pods, { namespace: NS, labelSelector: 'app=db' });
    assert.deepEqual(orphans.items.map((p) => p.metadata.name).sort(), ['db-0', 'db-1']);
    assert.ok(orphans.items.every((p) => (p.metadata.ownerReferences ?? []).length === 0), 'the orphans lost their owner');
    await ok(['delete', 'ds', 'agentd']);
    const all = await ok(['delete', 'pods', '--all']);
    assert.match(all, /^pod "db-0" deleted\npod "db-1" deleted\n/);
    await waitUntil('no pods but the deployment\'s', async () => (await env.client.list(resources.pods, { namespace: NS })).items.every((p) => p.metadata.labels?.app === 'web'), SETTLE_TIMEOUT_MS);
  });

  it('storage: the default class marked, claims defaulted to it, protection finalizers, bad sizes and modes refused', async () => {
    assert.equal(await ok(['apply', '-f', DEFAULT_STORAGE_CLASS_MANIFEST]), 'storageclass.storage.k8s.io/standard created\n');
    await ok(['apply', '-f', manifest('pv.json', HOST_PATH_PV)]);
    await ok(['apply', '-f', manifest('claim.json', CLAIM('my-data-claim', '1Gi', 'ReadWriteMany'))]);
    const claim = await env.client.get(resources.persistentVolumeClaims, NS, 'my-data-claim');
    assert.equal(claim.spec?.storageClassName, 'standard');
    assert.deepEqual(claim.metadata.finalizers, ['kubernetes.io/pvc-protection']);
    assert.deepEqual((await env.client.get(resources.persistentVolumes, '', 'pv-e2e')).metadata.finalizers, ['kubernetes.io/pv-protection']);
    const tables = await ok(['get', 'pv,pvc,sc']);
    assert.match(tables, /^NAME\s+CAPACITY\s+ACCESS MODES\s+RECLAIM POLICY\s+STATUS\s+CLAIM\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+REASON\s+AGE\npersistentvolume\/pv-e2e\s+2Gi\s+RWO,RWX\s+Retain\s+Pending\s+manual\s+<unset>\s+\S+\n/);
    assert.match(tables, /^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE\npersistentvolumeclaim\/my-data-claim\s+Pending\s+standard\s+<unset>\s+\S+\n/m);
    assert.match(tables, /^NAME\s+PROVISIONER\s+RECLAIMPOLICY\s+VOLUMEBINDINGMODE\s+ALLOWVOLUMEEXPANSION\s+AGE\nstorageclass\.storage\.k8s\.io\/standard \(default\)\s+flotilla\.io\/local-path\s+Delete\s+WaitForFirstConsumer\s+false\s+\S+\n/m);
    assert.match(await ok(['get', 'pvc', '-o', 'wide']), /VOLUMEMODE\nmy-data-claim\s+Pending\s+standard\s+<unset>\s+\S+\s+Filesystem\n/);
    const tooSmall = await kubectl(['apply', '-f', manifest('zero.json', CLAIM('zero', '0', 'ReadWriteOnce'))]);
    assert.match(tooSmall.stderr, /PersistentVolumeClaim "zero" is invalid: spec\.resources\[storage\]: Invalid value: "0": must be greater than zero/);
    const badMode = await kubectl(['apply', '-f', manifest('mode.json', CLAIM('mode', '1Gi', 'ReadWriteSometimes'))]);
    assert.match(badMode.stderr, /spec\.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"/);
    assert.equal((await env.client.list(resources.persistentVolumeClaims, { namespace: NS })).items.length, 1, 'nothing half-created');
  });

  it('api-versions, config view and version', async () => {
    // kubectl sorts what discovery lists: every group-version the kinds are served in (autoscaling/v1 beside v2),
    // metrics.k8s.io, and authorization.k8s.io's self reviews (served, never stored).
    const served = [...new Set([...SERVED_DEFINITIONS.map((k) => apiVersionOf(k)), METRICS_API_VERSION, 'authorization.k8s.io/v1'])].sort();
    assert.ok(served.includes('apps/v1') && served.includes('v1') && served.includes('autoscaling/v1'));
    assert.equal(await ok(['api-versions']), `${served.join('\n')}\n`);
    const config = await ok(['config', 'view']);
    assert.match(config, /^ {4}server: https:\/\/127\.0\.0\.1:\d+$/m);
    assert.match(config, /^current-context: flotilla$/m);
    assert.match(config, /^ {4}token: REDACTED$/m);
    const version = await ok(['version']);
    assert.match(version, /^Client Version: v1\.32\.\d+\nKustomize Version: v\S+\nServer Version: v1\.32\.0-flotilla\n$/);
    const json = JSON.parse(await ok(['version', '-o', 'json'])) as { serverVersion: { major: string; minor: string; gitVersion: string; platform: string } };
    assert.deepEqual([json.serverVersion.major, json.serverVersion.minor], ['1', '32']);
    assert.match(json.serverVersion.platform, /^linux\/(amd64|arm64)$/);
  });

  it('delete cascades to the replica sets and pods', async () => {
    assert.equal(await ok(['delete', 'deployment', 'web']), 'deployment.apps "web" deleted\n');
    await waitUntil('the replica sets gone', async () => (await env.client.list(resources.replicaSets, { namespace: NS })).items.length === 0, SETTLE_TIMEOUT_MS);
    assert.match((await kubectl(['get', 'deployments'])).stderr, /No resources found in kubectl-e2e namespace/);
  });
});
