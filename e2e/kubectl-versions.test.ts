// e2e: a smoke set of the commands users type — apply, get, describe, logs,
// exec, delete — run by every kubectl from 1.27 to 1.33 against one control
// plane (HTTPS) with one real agent on the Docker engine, and port-forward by
// the oldest ones. One pod (logging a line, then serving a page) is started
// for the whole file; each version applies and deletes its own ConfigMap.
// Clients before 1.30 speak exec and port-forward over a direct SPDY/3.1
// upgrade, newer ones over WebSocket, and each version discovers, validates
// and prints tables in its own way, so every version is its own test. A version this machine lacks is skipped, or fails
// under FLOTILLA_REQUIRE_KUBECTL=1 (CI).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import { resources } from '../api/resources.js';
import { startAgent, type TestAgent } from '../testkit/processes/agent-process.js';
import { busybox, dockerSkipReason, ensureTestImages, isReady, podManifest, waitForPod } from '../testkit/docker/pod-helpers.js';
import { startControlPlane, type TestControlPlane } from '../testkit/processes/control-plane.js';
import { kubectlSkipReason, startKubectl } from '../testkit/kubectl.js';
import { forwardedPort, httpGet } from '../testkit/kubectl-port-forward.js';
import { CliSession, kubectlCli } from '../testkit/walkthrough.js';

const DOCKER_SKIP = await dockerSkipReason();
/** The kubectl versions Flotilla supports: the server's minor (1.32) and its skew, as Kubernetes allows. */
const SUPPORTED_VERSIONS = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33'];
const POD = 'smoke';
/** Serves this page on HTTP_PORT for port-forward. */
const PAGE = 'hello over port-forward';
const HTTP_PORT = 8080;
/** kubectl before 1.30 speaks port-forward over a direct SPDY/3.1 upgrade, which 1.30+ do only as a fallback. */
const DIRECT_SPDY_PORT_FORWARD_VERSIONS = ['1.27', '1.29'];
/** kubectl 1.30+ exec over a WebSocket (a GET upgrade); older ones POST a SPDY/3.1 upgrade. */
const FIRST_WEBSOCKET_EXEC_MINOR = 30;
/** The upgrade request `--v=6` logs: method, URL, then the 101 (1.33 logs it as key="value" pairs). */
const EXEC_UPGRADE_LOG = /\b(GET|POST) https:\/\/\S+\/pods\/smoke\/exec\?\S+ 101 Switching Protocols|verb="(GET|POST)" url="https:\/\/\S+\/pods\/smoke\/exec\?[^"]+" status="101 Switching Protocols"/;

/** Which upgrade this version's exec should make; both are served, so only the log tells a fallback apart. */
function execMethod(version: string): string {
  return Number(version.split('.')[1]) >= FIRST_WEBSOCKET_EXEC_MINOR ? 'GET' : 'POST';
}

const configMap = (name: string, value: string): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
  greeting: ${value}
`;

const skip = DOCKER_SKIP;

describe('every kubectl version: apply, get, describe, logs, exec, delete; old ones port-forward', { skip }, () => {
  let cp: TestControlPlane;
  let agent: TestAgent;
  let client: ApiClient;
  let kubeconfig: string;

  before(async () => {
    await ensureTestImages();
    cp = await startControlPlane({ https: true });
    kubeconfig = cp.apiserver.kubeconfigPath as string;
    client = cp.apiserver.client();
    agent = await startAgent(cp.apiserver.address, { logDir: cp.logDir });
    const pod: Pod = podManifest(POD, agent.nodeName, { containers: [busybox('app', `echo hello from smoke; mkdir -p /www; echo ${PAGE} > /www/index.html; exec httpd -f -p ${HTTP_PORT} -h /www`)] });
    pod.metadata.labels = { app: POD };
    await client.create(resources.pods, pod);
    await waitForPod(client, POD, 'Ready', isReady);
  });

  after(async () => {
    await agent?.stop();
    client?.close();
    await cp?.stop();
  });

  for (const version of SUPPORTED_VERSIONS) {
    it(`kubectl ${version}: apply, get, describe, logs, delete`, { skip: kubectlSkipReason(version) }, async () => {
      const k = new CliSession(kubectlCli(kubeconfig, version));
      const name = `smoke-${version.replace('.', '-')}`;
      assert.equal(await k.apply(configMap(name, 'hello')), `configmap/${name} created\n`);
      assert.equal(await k.apply(configMap(name, 'hello')), `configmap/${name} unchanged\n`);
      assert.equal(await k.apply(configMap(name, 'bye')), `configmap/${name} configured\n`);
      assert.match(await k.ok(['get', 'configmap', name]), new RegExp(`^NAME\\s+DATA\\s+AGE\\n${name}\\s+1\\s+\\S+\\n$`));
      assert.equal(await k.ok(['get', 'configmap', name, '-o', 'jsonpath={.data.greeting}']), 'bye');
      const describedMap = await k.ok(['describe', 'configmap', name]);
      assert.match(describedMap, new RegExp(`^Name:\\s+${name}$`, 'm'));
      assert.match(describedMap, /^greeting:\n----\nbye\n/m);

      assert.match(await k.ok(['get', 'pods', '-o', 'wide']), new RegExp(`^NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s+IP\\s+NODE\\s+NOMINATED NODE\\s+READINESS GATES\\n${POD}\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+\\S+\\s+${agent.nodeName}\\s+<none>\\s+<none>\\n$`));
      const describedPod = await k.ok(['describe', 'pod', POD]);
      assert.match(describedPod, new RegExp(`^Name:\\s+${POD}$`, 'm'));
      assert.match(describedPod, /^Status:\s+Running$/m);
      assert.match(describedPod, /Normal\s+Started\s/);

      assert.equal(await k.ok(['logs', POD]), 'hello from smoke\n');

      assert.equal(await k.ok(['delete', 'configmap', name]), `configmap "${name}" deleted\n`);
      const gone = await k.run(['get', 'configmap', name]);
      assert.equal(gone.code, 1);
      assert.equal(gone.stderr, `Error from server (NotFound): configmaps "${name}" not found\n`);
    });

    it(`kubectl ${version}: exec`, { skip: kubectlSkipReason(version) }, async () => {
      const k = new CliSession(kubectlCli(kubeconfig, version));
      const logged = await k.run(['exec', '--v=6', POD, '--', 'cat', '/etc/hostname']);
      assert.equal(logged.stdout, `${POD}\n`, logged.stderr);
      const upgrade = EXEC_UPGRADE_LOG.exec(logged.stderr);
      assert.equal(upgrade?.[1] ?? upgrade?.[2], execMethod(version), logged.stderr);
      assert.equal(await k.ok(['exec', '-i', POD, '--', 'sh', '-c', 'read line; echo "got $line"'], 'typed\n'), 'got typed\n');
      const failed = await k.run(['exec', POD, '--', 'sh', '-c', 'exit 3']);
      assert.equal(failed.code, 3, failed.stderr);
      assert.equal(failed.stderr, 'command terminated with exit code 3\n');
    });
  }

  for (const version of DIRECT_SPDY_PORT_FORWARD_VERSIONS) {
    it(`kubectl ${version}: port-forward, then GET through it`, { skip: kubectlSkipReason(version) }, async () => {
      const forwarder = startKubectl(['port-forward', `pod/${POD}`, `:${HTTP_PORT}`], { kubeconfig, version });
      try {
        const port = await forwardedPort(forwarder);
        for (let i = 0; i < 2; i++) {
          const page = await httpGet(port);
          assert.equal(page.status, 200);
          assert.equal(page.body, `${PAGE}\n`);
        }
        assert.equal(forwarder.exitCode, null, 'still forwarding');
      } finally {
        forwarder.kill('SIGINT');
      }
    });
  }
});
