// flotctl in-process, for what needs no server: client dry runs, argument
// errors, help, and an address where nothing listens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { freePort } from '../testkit/processes/free-port.js';
import { bufferIo } from './io.js';
import { runCli } from './program.js';

async function flotctl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = bufferIo();
  const code = await runCli(['--server', '127.0.0.1:1', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

test('run --dry-run=client -o yaml prints the pod kubectl would send', async () => {
  const r = await flotctl('run', 'box', '--image', 'flotilla/busybox:latest', '--restart', 'Never', '--dry-run=client', '-o', 'yaml', '--', 'sleep', '3600');
  assert.equal(r.code, 0, r.stderr);
  const pod = parse(r.stdout);
  assert.deepEqual(pod.metadata, { labels: { run: 'box' }, name: 'box' });
  assert.deepEqual(pod.spec.containers, [{ args: ['sleep', '3600'], image: 'flotilla/busybox:latest', name: 'box', resources: {} }]);
  assert.equal(pod.spec.restartPolicy, 'Never');
});

test('create deployment --dry-run=client: message, or the object with -o json; -n after the subcommand', async () => {
  const message = await flotctl('create', 'deployment', 'web', '--image', 'flotilla/nginx:1.22', '--dry-run=client');
  assert.equal(message.stdout, 'deployment.apps/web created (dry run)\n');
  const json = await flotctl('create', 'deployment', 'web', '--image', 'flotilla/nginx:1.22', '--replicas', '3', '--port', '80', '--dry-run=client', '-o', 'json', '-n', 'shop');
  assert.equal(json.code, 0, json.stderr);
  const d = JSON.parse(json.stdout);
  assert.equal(d.metadata.namespace, 'shop');
  assert.equal(d.spec.replicas, 3);
  assert.deepEqual(d.spec.template.spec.containers, [{ image: 'flotilla/nginx:1.22', name: 'nginx', ports: [{ containerPort: 80 }], resources: {} }]);
});

test('argument errors exit 1 with kubectl wording', async () => {
  const unknownKind = await flotctl('get', 'foo');
  assert.equal(unknownKind.code, 1);
  assert.equal(unknownKind.stderr, 'error: the server doesn\'t have a resource type "foo"\n');
  const noImage = await flotctl('run', 'x');
  assert.equal(noImage.code, 1);
  assert.equal(noImage.stderr, 'error: required flag(s) "image" not set\n');
  const badOutput = await flotctl('get', 'pods', '-o', 'table2');
  assert.match(badOutput.stderr, /^error: unable to match a printer suitable for the output format "table2"/);
  const noFile = await flotctl('apply');
  assert.equal(noFile.stderr, 'error: must specify one of -f and -k\n');
  const unknownCommand = await flotctl('frobnicate');
  assert.equal(unknownCommand.code, 1);
  assert.match(unknownCommand.stderr, /unknown command 'frobnicate'/);
});

test('help exits 0 and shows examples', async () => {
  for (const command of ['get', 'apply', 'create', 'run', 'describe', 'delete']) {
    const r = await flotctl(command, '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Examples:\n  #/, command);
    assert.match(r.stdout, /Global Options:[\s\S]*--namespace/, command);
  }
});

test('a server that does not answer is named in the error', async () => {
  const port = await freePort();
  const io = bufferIo();
  const code = await runCli(['--server', `127.0.0.1:${port}`, 'get', 'pods'], io);
  assert.equal(code, 1);
  assert.equal(io.stderr, `The connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?\n`);
});

test('kubectl\'s credential flags reach the client: a token without a CA and a missing CA file are refused before any call', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flotctl-credentials-'));
  try {
    const config = join(dir, 'config.yaml');
    writeFileSync(config, '');
    const token = await flotctl('--config', config, '--token', 'abc', 'get', 'pods');
    assert.equal(token.code, 1);
    assert.match(token.stderr, /^error: --token needs --certificate-authority: a bearer token is sent only over TLS/);
    const missing = join(dir, 'ca.crt');
    const ca = await flotctl('get', 'pods', '--config', config, '--certificate-authority', missing);
    assert.equal(ca.code, 1);
    assert.equal(ca.stderr, `error: unable to read --certificate-authority file "${missing}": no such file or directory\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
