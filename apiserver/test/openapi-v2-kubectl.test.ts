// kubectl 1.27 and 1.28 read /openapi/v2 as gnostic protobuf for `apply`
// (strategic-merge keys, whether PATCH takes fieldValidation) and 1.27 for
// `explain`; without it they fail with `Error from server (NotFound)`. Each
// version gets a namespace of its own, and 1.32 (OpenAPI v3) must still apply.
// Skips a version whose kubectl is not installed, unless FLOTILLA_REQUIRE_KUBECTL=1.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';
import { kubectlSkipReason, runKubectl, type KubectlResult } from '../../testkit/kubectl.js';

const V2_VERSIONS = ['1.27', '1.28'] as const;
const V3_VERSION = '1.32';
const UNKNOWN_FIELD = 'replicaz';
const DEPLOYMENT_NAME = 'web';

function namespaceManifest(namespace: string): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${namespace}\n`;
}

function deploymentManifest(namespace: string, replicas: number, extraSpec = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${DEPLOYMENT_NAME}
  namespace: ${namespace}
  labels:
    app: ${DEPLOYMENT_NAME}
spec:
  replicas: ${replicas}
${extraSpec}  selector:
    matchLabels:
      app: ${DEPLOYMENT_NAME}
  template:
    metadata:
      labels:
        app: ${DEPLOYMENT_NAME}
    spec:
      containers:
        - name: nginx
          image: nginx:1.25
          ports:
            - containerPort: 80
`;
}

function describeResult(res: KubectlResult): string {
  return `exit ${String(res.code)}\nstdout: ${res.stdout}\nstderr: ${res.stderr}`;
}

describe('kubectl apply and explain through /openapi/v2', () => {
  const cp = useControlPlane({ https: true });
  const kubectl = (version: string, args: readonly string[], stdin?: string): Promise<KubectlResult> =>
    runKubectl(args, { kubeconfig: cp.kubeconfig, version, ...(stdin !== undefined ? { stdin } : {}) });

  /** apply -f - of a Deployment three times: created, unchanged, then configured after an edit. */
  async function applyThrice(version: string): Promise<void> {
    const namespace = `v2-${version.replace('.', '-')}`;
    const ns = await kubectl(version, ['apply', '-f', '-'], namespaceManifest(namespace));
    assert.equal(ns.code, 0, describeResult(ns));
    const created = await kubectl(version, ['apply', '-f', '-'], deploymentManifest(namespace, 1));
    assert.equal(created.code, 0, describeResult(created));
    assert.match(created.stdout, /deployment\.apps\/web created/);
    const unchanged = await kubectl(version, ['apply', '-f', '-'], deploymentManifest(namespace, 1));
    assert.equal(unchanged.code, 0, describeResult(unchanged));
    assert.match(unchanged.stdout, /deployment\.apps\/web unchanged/);
    const configured = await kubectl(version, ['apply', '-f', '-'], deploymentManifest(namespace, 2));
    assert.equal(configured.code, 0, describeResult(configured));
    assert.match(configured.stdout, /deployment\.apps\/web configured/);
    const got = await kubectl(version, ['get', 'deployment', DEPLOYMENT_NAME, '-n', namespace, '-o', 'jsonpath={.spec.replicas}']);
    assert.equal(got.stdout, '2', describeResult(got));
  }

  for (const version of V2_VERSIONS) {
    describe(`kubectl ${version}`, { skip: kubectlSkipReason(version) }, () => {
      it('apply -f creates, leaves unchanged, then configures a Deployment', async () => {
        await applyThrice(version);
      });

      it('apply --validate=strict names an unknown field', async () => {
        const namespace = `v2-${version.replace('.', '-')}`;
        const res = await kubectl(version, ['apply', '--validate=strict', '-f', '-'], deploymentManifest(namespace, 1, `  ${UNKNOWN_FIELD}: 3\n`));
        assert.notEqual(res.code, 0, describeResult(res));
        assert.match(res.stderr, new RegExp(UNKNOWN_FIELD), describeResult(res));
      });

      it('explain deployment.spec.replicas prints the field', async () => {
        const res = await kubectl(version, ['explain', 'deployment.spec.replicas']);
        assert.equal(res.code, 0, describeResult(res));
        assert.match(res.stdout, /KIND:\s+Deployment/);
        assert.match(res.stdout, /replicas/);
        assert.match(res.stdout, /integer/);
      });
    });
  }

  it(`kubectl ${V3_VERSION} (OpenAPI v3) still applies`, { skip: kubectlSkipReason(V3_VERSION) }, async () => {
    await applyThrice(V3_VERSION);
  });
});
