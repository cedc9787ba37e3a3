// The kubectl finder (pure parts) and runKubectl against a stand-in HTTPS
// server that uses the credentials deploy/pki.sh issues: every kubectl version
// this machine has must trust the CA, accept the kubeconfig and send the token.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createPki, writeKubeconfig } from './credentials.js';
import { findOnPath, kubectlDir, kubectlSkipReason, kubectlVersions, KUBECTL_DIR_ENV, parseKubectlVersions, runKubectl } from './kubectl.js';

/** Far below KUBECTL_TIMEOUT_MS, so the timeout test is quick. */
const SHORT_TIMEOUT_MS = 1_000;
/** The timed-out run must come back soon after its timeout: kill plus output drain. */
const TIMEOUT_SLACK_MS = 3_000;
const SERVER_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0-flotilla-test' };

describe('kubectl finder', () => {
  it('reads the versions from a folder listing, oldest first, ignoring everything else', () => {
    const listing = ['kubectl', 'kubectl.1.33', 'gcloud', 'kubectl.1.27', 'kubectl.1.30.bak', 'kubectl.2', 'kubectl.1.9', 'kubectl.1.31'];
    assert.deepEqual(parseKubectlVersions(listing), ['1.9', '1.27', '1.31', '1.33']);
    assert.deepEqual(parseKubectlVersions([]), []);
  });

  it('finds the first executable on a PATH list, skipping empty entries', () => {
    const executables = new Set(['/b/kubectl', '/c/kubectl']);
    const pathList = ['', '/a', '/b', '/c'].join(delimiter);
    assert.equal(findOnPath('kubectl', pathList, (p) => executables.has(p)), '/b/kubectl');
    assert.equal(findOnPath('kubectl', '/a', (p) => executables.has(p)), undefined);
  });

  it(`takes the folder from ${KUBECTL_DIR_ENV} before PATH`, () => {
    assert.equal(kubectlDir({ [KUBECTL_DIR_ENV]: '/opt/kubectl', PATH: '/nowhere' }), '/opt/kubectl');
    assert.equal(kubectlDir({ PATH: '' }), undefined);
  });
});

describe('kubectl against an HTTPS server with the cluster credentials', { skip: kubectlSkipReason() }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-kubectl-test-'));
  const seen: { path: string; authorization: string | undefined }[] = [];
  let server: Server;
  let kubeconfig: string;
  let token: string;

  before(async () => {
    const pki = await createPki(join(dir, 'pki'));
    token = pki.token;
    server = createServer({ cert: readFileSync(pki.certFile), key: readFileSync(pki.keyFile) }, (req, res) => {
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
      // Never answered: the request runKubectl's timeout must cut short.
      if (req.url === '/hang') return;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(SERVER_VERSION));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    kubeconfig = await writeKubeconfig({ server: `https://127.0.0.1:${port}`, caFile: pki.caFile, tokenFile: pki.tokenFile, out: join(dir, 'kubeconfig') });
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the versioned binaries 1.27 to 1.33', () => {
    const versions = kubectlVersions();
    for (const v of ['1.27', '1.32', '1.33']) assert.ok(versions.includes(v), `kubectl.${v} among ${versions.join(', ')}`);
  });

  it('every version verifies the serving certificate against the CA and sends the bearer token', async () => {
    for (const version of kubectlVersions()) {
      seen.length = 0;
      const res = await runKubectl(['get', '--raw', '/version'], { kubeconfig, version });
      assert.equal(res.code, 0, `kubectl ${version}: ${res.stderr}`);
      assert.deepEqual(JSON.parse(res.stdout), SERVER_VERSION);
      assert.deepEqual(seen, [{ path: '/version', authorization: `Bearer ${token}` }], `kubectl ${version}`);
    }
  });

  it('kills kubectl at the timeout and says so', async () => {
    const started = Date.now();
    const res = await runKubectl(['get', '--raw', '/hang'], { kubeconfig, timeoutMs: SHORT_TIMEOUT_MS });
    assert.equal(res.timedOut, true);
    assert.equal(res.code, null);
    assert.ok(Date.now() - started < SHORT_TIMEOUT_MS + TIMEOUT_SLACK_MS, `came back after ${Date.now() - started} ms`);
  });

  it('gives kubectl an empty config when the run names no kubeconfig', async () => {
    const res = await runKubectl(['config', 'view', '-o', 'json']);
    assert.equal(res.code, 0, res.stderr);
    const config = JSON.parse(res.stdout) as { clusters: unknown; 'current-context': string };
    assert.equal(config.clusters, null);
    assert.equal(config['current-context'], '');
  });
});
