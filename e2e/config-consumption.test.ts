// e2e: pods consuming ConfigMaps and Secrets on a real agent and Docker, with
// the objects made and read by the real kubectl (1.32, which sends `create
// secret` as protobuf) over the HTTPS API: env (valueFrom, envFrom with a
// prefix), configMap, secret, downwardAPI and projected volumes, optional
// sources, a live update of a mounted file, pods waiting (CreateContainerConfigError
// for env, FailedMount for a volume) until their ConfigMap appears, immutable
// Secrets, and bad input refused with nothing stored.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigMap, Pod } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { resources } from '../api/resources.js';
import { startAgent, type TestAgent } from '../testkit/processes/agent-process.js';
import { busybox, containerStatus, describeContainers, dockerSkipReason, ensureTestImages, isReady, podEvents, podManifest, waitForPod } from '../testkit/docker/pod-helpers.js';
import { startControlPlane, type TestControlPlane } from '../testkit/processes/control-plane.js';
import { kubectlSkipReason, runKubectl } from '../testkit/kubectl.js';
import { waitUntil } from '../testkit/wait-until.js';

const DOCKER_SKIP = await dockerSkipReason();
const KUBECTL_VERSION = '1.32';
/** The agent rewrites mounted files within a minute of a change, as the kubelet promises. */
const MOUNTED_UPDATE_TIMEOUT_MS = 75_000;
/** A waiting container is retried within seconds once its ConfigMap exists. */
const CONFIG_APPEARS_TIMEOUT_MS = 30_000;
/** The agent retries a volume that failed to mount every 10 s (agent/timing.ts). */
const VOLUME_APPEARS_TIMEOUT_MS = 45_000;
const MIB = 1024 * 1024;
const EXEC_POLL_INTERVAL_MS = 1_000;

const skip = kubectlSkipReason(KUBECTL_VERSION) || DOCKER_SKIP;

function configMap(name: string, data: Record<string, string>): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data };
}

describe('ConfigMaps and Secrets in pods, on a real agent', { skip }, () => {
  let cp: TestControlPlane;
  let agent: TestAgent;
  let client: ApiClient;
  let kubeconfig: string;
  let scratch: string;
  const run = (args: string[], stdin?: string) => runKubectl(args, { kubeconfig, version: KUBECTL_VERSION, ...(stdin === undefined ? {} : { stdin }) });
  const exec = async (pod: string, script: string): Promise<string> => {
    const result = await run(['exec', pod, '--', 'sh', '-c', script]);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout;
  };

  before(async () => {
    await ensureTestImages();
    scratch = mkdtempSync(join(tmpdir(), 'flotilla-config-e2e-'));
    cp = await startControlPlane({ https: true });
    kubeconfig = cp.apiserver.kubeconfigPath as string;
    client = cp.apiserver.client();
    agent = await startAgent(cp.apiserver.address, { logDir: cp.logDir });
  });

  after(async () => {
    await agent?.stop();
    client?.close();
    await cp?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('env, envFrom and configMap/secret/downwardAPI volumes reach the container; an update shows in the mounted file', async () => {
    await client.create(resources.configMaps, configMap('app-config', { LOG_LEVEL: 'debug', 'app.conf': 'greeting=hello\n' }));
    const created = await run(['create', 'secret', 'generic', 'db-creds', '--from-literal=username=admin', '--from-literal=password=s3cr3t']);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, 'secret/db-creds created\n');
    const listed = await run(['get', 'secrets']);
    assert.match(listed.stdout, /^NAME\s+TYPE\s+DATA\s+AGE\ndb-creds\s+Opaque\s+2\s+\d+s\n$/);

    const pod: Pod = podManifest('configured', agent.nodeName, {
      containers: [
        busybox('app', 'sleep 3600', {
          env: [
            { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'LOG_LEVEL' } } },
            { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } } },
          ],
          envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'app-config' } }, { secretRef: { name: 'db-creds' } }],
          volumeMounts: [
            { name: 'config', mountPath: '/etc/app' },
            { name: 'creds', mountPath: '/etc/creds' },
            { name: 'podinfo', mountPath: '/etc/podinfo' },
          ],
        }),
      ],
      volumes: [
        { name: 'config', configMap: { name: 'app-config', items: [{ key: 'app.conf', path: 'app.conf' }] } },
        { name: 'creds', secret: { secretName: 'db-creds', defaultMode: 0o400 } },
        { name: 'podinfo', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
      ],
    });
    pod.metadata.labels = { app: 'shop', tier: 'web' };
    await client.create(resources.pods, pod);
    await waitForPod(client, 'configured', 'Ready', isReady);

    const env = await exec('configured', 'echo "$LEVEL|$DB_PASSWORD|$CFG_LOG_LEVEL|$username|$password"');
    assert.equal(env, 'debug|s3cr3t|debug|admin|s3cr3t\n');
    assert.equal(await exec('configured', 'cat /etc/app/app.conf; ls /etc/app'), 'greeting=hello\napp.conf\n');
    assert.equal(await exec('configured', 'cat /etc/creds/password; stat -L -c %a /etc/creds/password'), 's3cr3t400\n');
    assert.equal(await exec('configured', 'cat /etc/podinfo/labels; echo; cat /etc/podinfo/name'), 'app="shop"\ntier="web"\nconfigured');
    // Mounted read-only whatever the mount says, as the kubelet does.
    const write = await run(['exec', 'configured', '--', 'sh', '-c', 'echo x > /etc/app/new']);
    assert.notEqual(write.code, 0);
    assert.match(write.stderr, /Read-only file system/);

    await client.patch(resources.configMaps, 'default', 'app-config', 'merge', { data: { 'app.conf': 'greeting=updated\n' } });
    await waitUntil(
      'the mounted app.conf to show the update',
      async () => {
        // Each look is a kubectl exec: pace them rather than spin.
        await new Promise((resolve) => setTimeout(resolve, EXEC_POLL_INTERVAL_MS));
        return (await exec('configured', 'cat /etc/app/app.conf')) === 'greeting=updated\n';
      },
      MOUNTED_UPDATE_TIMEOUT_MS,
    );
  });

  it('a pod naming a missing ConfigMap waits in CreateContainerConfigError and starts once it is created', async () => {
    const pod = podManifest('waiting', agent.nodeName, {
      containers: [busybox('app', 'sleep 3600', { env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'late-config', key: 'mode' } } }] })],
    });
    await client.create(resources.pods, pod);
    const waiting = await waitForPod(client, 'waiting', 'CreateContainerConfigError', (p) => containerStatus(p, 'app')?.state?.waiting?.reason === 'CreateContainerConfigError');
    assert.equal(containerStatus(waiting, 'app')?.state?.waiting?.message, 'configmap "late-config" not found', describeContainers(waiting));

    await client.create(resources.configMaps, configMap('late-config', { other: 'x' }));
    const missingKey = await waitForPod(client, 'waiting', 'the missing key reported', (p) => containerStatus(p, 'app')?.state?.waiting?.message === "couldn't find key mode in ConfigMap default/late-config", CONFIG_APPEARS_TIMEOUT_MS);
    assert.equal(containerStatus(missingKey, 'app')?.state?.waiting?.reason, 'CreateContainerConfigError');

    await client.patch(resources.configMaps, 'default', 'late-config', 'merge', { data: { mode: 'fast' } });
    await waitForPod(client, 'waiting', 'Ready', isReady, CONFIG_APPEARS_TIMEOUT_MS);
    assert.equal(await exec('waiting', 'echo $MODE'), 'fast\n');
  });

  it('kubectl makes ConfigMaps from files and env files; projected and optional volumes mount; a pod waits for its volume source', async () => {
    writeFileSync(join(scratch, 'app.properties'), 'color=blue\n');
    writeFileSync(join(scratch, 'settings.env'), '# comment\nMODE=fast\nRETRIES=3\n');
    const fromFile = await run(['create', 'configmap', 'files', `--from-file=props=${join(scratch, 'app.properties')}`]);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    const fromEnv = await run(['create', 'configmap', 'settings', `--from-env-file=${join(scratch, 'settings.env')}`]);
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    assert.deepEqual((await client.get(resources.configMaps, 'default', 'settings')).data, { MODE: 'fast', RETRIES: '3' });

    const pod: Pod = podManifest('projected', agent.nodeName, {
      containers: [
        busybox('app', 'sleep 3600', {
          volumeMounts: [
            { name: 'bundle', mountPath: '/etc/bundle' },
            { name: 'maybe', mountPath: '/etc/maybe' },
            { name: 'later', mountPath: '/etc/later' },
          ],
        }),
      ],
      volumes: [
        {
          name: 'bundle',
          projected: {
            defaultMode: 0o440,
            sources: [
              { configMap: { name: 'files', items: [{ key: 'props', path: 'conf/app.properties' }] } },
              { secret: { name: 'db-creds', items: [{ key: 'password', path: 'creds/password', mode: 0o400 }] } },
              { downwardAPI: { items: [{ path: 'pod-name', fieldRef: { fieldPath: 'metadata.name' } }] } },
              { configMap: { name: 'not-there', optional: true } },
            ],
          },
        },
        { name: 'maybe', configMap: { name: 'never-made', optional: true } },
        { name: 'later', configMap: { name: 'late-volume' } },
      ],
    });
    const created = await client.create(resources.pods, pod);
    await waitUntil(
      'a FailedMount event for the missing ConfigMap',
      async () => (await podEvents(client, created)).some((e) => e.reason === 'FailedMount' && e.message === 'MountVolume.SetUp failed for volume "later" : configmap "late-volume" not found'),
      VOLUME_APPEARS_TIMEOUT_MS,
    );
    await client.create(resources.configMaps, configMap('late-volume', { ready: 'yes' }));
    await waitForPod(client, 'projected', 'Ready', isReady, VOLUME_APPEARS_TIMEOUT_MS);

    assert.equal(await exec('projected', 'cat /etc/bundle/conf/app.properties /etc/bundle/creds/password; echo; cat /etc/bundle/pod-name'), 'color=blue\ns3cr3t\nprojected');
    assert.equal(await exec('projected', 'stat -L -c %a /etc/bundle/conf/app.properties /etc/bundle/creds/password /etc/bundle/pod-name'), '440\n400\n440\n');
    assert.equal(await exec('projected', 'ls /etc/bundle; ls /etc/maybe | wc -l; cat /etc/later/ready'), 'conf\ncreds\npod-name\n0\nyes');
  });

  it('an immutable Secret keeps its data', async () => {
    const created = await run(['create', 'secret', 'generic', 'frozen', '--from-literal=key=v1']);
    assert.equal(created.code, 0, created.stderr);
    const frozen = await run(['patch', 'secret', 'frozen', '-p', '{"immutable":true}']);
    assert.equal(frozen.code, 0, frozen.stderr);
    const changed = await run(['patch', 'secret', 'frozen', '-p', '{"stringData":{"key":"v2"}}']);
    assert.equal(changed.code, 1);
    assert.match(changed.stderr, /Secret "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set/);
    assert.equal(Buffer.from((await client.get(resources.secrets, 'default', 'frozen')).data?.key ?? '', 'base64').toString(), 'v1');
  });

  it('bad input is refused with a clear error and nothing is stored', async () => {
    const big = join(scratch, 'big.bin');
    writeFileSync(big, Buffer.alloc(MIB + 1));
    const tooBig = await run(['create', 'secret', 'generic', 'too-big', `--from-file=${big}`]);
    assert.equal(tooBig.code, 1);
    assert.match(tooBig.stderr, /Secret "too-big" is invalid: data: Too long: must have at most 1048576 bytes/);

    const slash = await run(['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: slashed\ndata:\n  "conf/app": "x"\n');
    assert.equal(slash.code, 1);
    assert.match(slash.stderr, /The ConfigMap "slashed" is invalid: data\[conf\/app\]: Invalid value: "conf\/app": a valid config key must consist of alphanumeric characters/);

    const badBase64 = await run(['apply', '-f', '-'], 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: garbled\ndata:\n  token: "not base64!"\n');
    assert.equal(badBase64.code, 1);
    assert.match(badBase64.stderr, /The Secret "garbled" is invalid: data\[token\]: Invalid value: "": must be base64-encoded bytes/);

    const wrongType = await run(['apply', '-f', '-'], 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: half-tls\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: x\n');
    assert.equal(wrongType.code, 1);
    assert.match(wrongType.stderr, /The Secret "half-tls" is invalid: data\[tls.key\]: Required value/);

    for (const [kind, name] of [['secret', 'too-big'], ['configmap', 'slashed'], ['secret', 'garbled'], ['secret', 'half-tls']]) {
      const got = await run(['get', kind, name]);
      assert.equal(got.code, 1, `${kind}/${name} was stored`);
      assert.match(got.stderr, /NotFound/);
    }
  });
});
