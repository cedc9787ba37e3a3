import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPki } from '../testkit/credentials.js';
import { credentialArgs, nodeCredentialFiles } from '../testkit/client-credentials.js';
import { DEFAULT_PAUSE_IMAGE, DEFAULT_SANDBOX_POOL_SIZE, parseAgentOptions } from './agent-options.js';

test('flags become options, with defaults', () => {
  const o = parseAgentOptions(['--apiserver', '127.0.0.1:9', '--node-name', 'Node-A', '--health-port', '0', '--memory', '2Gi', '--node-labels', 'zone=a,disk=ssd']);
  assert.equal(o.apiserver, '127.0.0.1:9');
  assert.equal(o.nodeName, 'node-a');
  assert.equal(o.healthPort, 0);
  assert.equal(o.pauseImage, DEFAULT_PAUSE_IMAGE);
  assert.deepEqual(o.capacity, { cpu: undefined, memory: '2Gi', pods: undefined });
  assert.deepEqual(o.nodeLabels, { zone: 'a', disk: 'ssd' });
});

test('bad flags are rejected', () => {
  assert.throws(() => parseAgentOptions(['--health-port', 'x']));
  assert.throws(() => parseAgentOptions(['--cpu', 'lots']));
});

test('the proxy is on by default; --proxy=false turns it off and --proxy-chain-prefix names its chains', () => {
  const defaults = parseAgentOptions([]);
  assert.equal(defaults.proxy, true);
  assert.equal(defaults.proxyChainPrefix, 'FLOTILLA');
  assert.deepEqual(defaults.clusterDNS, [], 'no cluster DNS unless given, as the kubelet');
  const off = parseAgentOptions(['--proxy=false', '--proxy-chain-prefix', 'FLT_E2E1']);
  assert.equal(off.proxy, false);
  assert.equal(off.proxyChainPrefix, 'FLT_E2E1');
  assert.throws(() => parseAgentOptions(['--proxy=maybe']), /true or false/);
  assert.throws(() => parseAgentOptions(['--proxy-chain-prefix', 'lower-case']), /upper-case/);
});

test('--metrics-interval takes seconds, 0 turning collection off, and refuses a negative or a word', () => {
  assert.equal(parseAgentOptions(['--metrics-interval', '0']).metricsIntervalSeconds, 0);
  assert.equal(parseAgentOptions(['--metrics-interval', '2.5']).metricsIntervalSeconds, 2.5);
  assert.throws(() => parseAgentOptions(['--metrics-interval', '-1']), /0 or more/);
  assert.throws(() => parseAgentOptions(['--metrics-interval', 'often']), /0 or more/);
});

test('local volumes live under the state dir unless --local-volume-dir says', () => {
  assert.equal(parseAgentOptions(['--state-dir', '/srv/agent']).localVolumeDir, '/srv/agent/local-volumes');
  assert.equal(parseAgentOptions(['--state-dir', '/srv/agent', '--local-volume-dir', '/data/vols']).localVolumeDir, '/data/vols');
});

test('TLS of the streaming and health ports: kubelet\'s flags, and only the apiserver\'s user by default', () => {
  const plain = parseAgentOptions([]);
  assert.deepEqual(plain.servingTls, { tlsCertFile: '', tlsPrivateKeyFile: '', clientCaFile: '' });
  assert.deepEqual(plain.authorizedClientUsers, ['kube-apiserver-kubelet-client']);
  const tls = parseAgentOptions(['--tls-cert-file', 'n.crt', '--tls-private-key-file', 'n.key', '--client-ca-file', 'ca.crt', '--authorized-client-users', 'a, b']);
  assert.deepEqual(tls.servingTls, { tlsCertFile: 'n.crt', tlsPrivateKeyFile: 'n.key', clientCaFile: 'ca.crt' });
  assert.deepEqual(tls.authorizedClientUsers, ['a', 'b']);
});

test('--rotate-server-certificates (serving certificate from a CSR) is opt-in, alone or with a value', () => {
  assert.equal(parseAgentOptions([]).rotateServerCertificates, false);
  assert.equal(parseAgentOptions(['--rotate-server-certificates']).rotateServerCertificates, true);
  assert.equal(parseAgentOptions(['--rotate-server-certificates=true', '--node-name', 'n']).rotateServerCertificates, true);
  assert.equal(parseAgentOptions(['--rotate-server-certificates=false']).rotateServerCertificates, false);
  assert.throws(() => parseAgentOptions(['--rotate-server-certificates=yes']), /must be true or false/);
});

test('the node\'s certificate, key and the cluster CA come from kubectl\'s credential flags', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-agent-options-'));
  try {
    await createPki(dir);
    const files = await nodeCredentialFiles(dir, 'node-a');
    const o = parseAgentOptions(['--node-name', 'node-a', ...credentialArgs(files)]);
    assert.deepEqual(o.credentials.clientCertificate, readFileSync(join(dir, 'nodes', 'node-a.crt')));
    assert.deepEqual(o.credentials.certificateAuthority, readFileSync(join(dir, 'ca.crt')));
    assert.deepEqual(parseAgentOptions([]).credentials, {});
    assert.throws(() => parseAgentOptions(['--token', 'abc']), /--token needs --certificate-authority/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--sandbox-pool-size takes a count, 0 turning the pool off', () => {
  assert.equal(parseAgentOptions([]).sandboxPoolSize, DEFAULT_SANDBOX_POOL_SIZE);
  assert.equal(parseAgentOptions(['--sandbox-pool-size', '0']).sandboxPoolSize, 0);
  assert.equal(parseAgentOptions(['--sandbox-pool-size', '5']).sandboxPoolSize, 5);
  assert.throws(() => parseAgentOptions(['--sandbox-pool-size', '-1']), /whole number/);
  assert.throws(() => parseAgentOptions(['--sandbox-pool-size', '2.5']), /whole number/);
});
