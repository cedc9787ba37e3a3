// kubectl against a real apiserver's HTTPS port, with the credentials and the
// kubeconfig that deploy/up.sh's scripts make: every kubectl version lists pods,
// a wrong token is refused, a kubeconfig with another CA does not trust the
// server. Needs no Docker: a control plane (etcd + apiserver) is enough.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useControlPlane } from '../testkit/processes/use-control-plane.js';
import { createPki, writeKubeconfig } from '../testkit/credentials.js';
import { kubectlSkipReason, kubectlVersions, runKubectl } from '../testkit/kubectl.js';

const PODS_PATH = '/api/v1/namespaces/default/pods';
const WRONG_TOKEN = 'not-a-token-of-this-cluster';

describe('kubectl over the apiserver HTTPS port', { skip: kubectlSkipReason() }, () => {
  const cp = useControlPlane({ https: true });
  /** The cluster's kubeconfig with one thing changed, in a folder of its own (and its own kubectl cache). */
  const variant = async (what: string, change: { caFile?: string; token?: string }): Promise<string> => {
    const dir = mkdtempSync(join(cp.plane.logDir, `kubeconfig-${what}-`));
    const api = cp.plane.apiserver;
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${change.token ?? api.token}\n`);
    return writeKubeconfig({ server: `https://127.0.0.1:${api.httpsPort}`, caFile: change.caFile ?? (api.caFile as string), tokenFile, out: join(dir, 'kubeconfig') });
  };

  it('every kubectl version lists pods with the kubeconfig up.sh would write', async () => {
    for (const version of kubectlVersions()) {
      const res = await runKubectl(['get', '--raw', PODS_PATH], { kubeconfig: cp.kubeconfig, version });
      assert.equal(res.code, 0, `kubectl ${version}: ${res.stderr}`);
      const list = JSON.parse(res.stdout) as { items?: unknown };
      assert.ok(Array.isArray(list.items), `kubectl ${version}: ${res.stdout}`);
    }
  });

  it('a token the apiserver does not know is refused as Unauthorized', async () => {
    const res = await runKubectl(['get', '--raw', PODS_PATH], { kubeconfig: await variant('wrong-token', { token: WRONG_TOKEN }) });
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /Unauthorized/i);
  });

  it('a kubeconfig with another CA does not trust the serving certificate', async () => {
    const other = await createPki(mkdtempSync(join(cp.plane.logDir, 'other-ca-')));
    const res = await runKubectl(['get', '--raw', PODS_PATH], { kubeconfig: await variant('other-ca', { caFile: other.caFile }) });
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /certificate|x509/i);
  });
});
