import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { createPki } from '../testkit/credentials.js';
import { clientCredentialFiles, credentialArgs } from '../testkit/client-credentials.js';
import { addComponentFlags, parseComponentArgs, parseDuration, type ComponentFlags, type ComponentFlagSpec } from './component-flags.js';

const DURATIONS: ComponentFlagSpec = { healthPort: 1234, leaseName: 'lease-a', leaderElectPurpose: 'working', apiserverDefault: '127.0.0.1:1', leaseTimings: 'duration' };
const INTEGERS: ComponentFlagSpec = { healthPort: 4321, leaseName: 'lease-b', leaderElectPurpose: 'working', leaseTimings: 'integer' };

function parse(spec: ComponentFlagSpec, argv: string[]): ComponentFlags {
  return parseComponentArgs(addComponentFlags(new Command('t'), spec), argv, spec).common;
}

test('defaults come from the spec and the leader election defaults', () => {
  const f = parse(DURATIONS, []);
  assert.deepEqual(
    { ...f, identity: undefined },
    {
      apiserver: '127.0.0.1:1',
      credentials: {},
      healthPort: 1234,
      healthAddress: '127.0.0.1',
      leaderElect: true,
      leaseName: 'lease-a',
      leaseNamespace: 'kube-system',
      leaseDurationSeconds: 15,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      identity: undefined,
      servingTls: { tlsCertFile: '', tlsPrivateKeyFile: '', clientCaFile: '' },
    },
  );
  assert.match(f.identity, /.+_[0-9a-f]{8}$/);
});

test('lease timings as Go durations or as plain integers', () => {
  const d = parse(DURATIONS, ['--leader-elect-lease-duration', '1m30s', '--leader-elect-renew-deadline', '5s', '--leader-elect-retry-period', '500ms']);
  assert.deepEqual([d.leaseDurationSeconds, d.renewDeadlineMs, d.retryPeriodMs], [90, 5_000, 500]);
  const i = parse(INTEGERS, ['--leader-elect-lease-duration', '20', '--leader-elect-renew-deadline', '7000', '--leader-elect-retry-period', '300']);
  assert.deepEqual([i.leaseDurationSeconds, i.renewDeadlineMs, i.retryPeriodMs], [20, 7_000, 300]);
  assert.throws(() => parse(INTEGERS, ['--leader-elect-lease-duration', '20s']));
  assert.throws(() => parse(DURATIONS, ['--leader-elect-lease-duration', '20']));
});

test('--leader-elect takes an optional boolean; --apiserver falls back to the environment without a fixed default', () => {
  assert.equal(parse(INTEGERS, ['--leader-elect=false']).leaderElect, false);
  assert.equal(parse(INTEGERS, ['--leader-elect']).leaderElect, true);
  assert.throws(() => parse(INTEGERS, ['--leader-elect=maybe']));
  const saved = process.env.FLOTILLA_SERVER;
  process.env.FLOTILLA_SERVER = '127.0.0.1:9999';
  try {
    assert.equal(parse(INTEGERS, []).apiserver, '127.0.0.1:9999');
    assert.equal(parse(DURATIONS, []).apiserver, '127.0.0.1:1');
    assert.equal(parse(INTEGERS, ['--apiserver', '127.0.0.1:2']).apiserver, '127.0.0.1:2');
  } finally {
    if (saved === undefined) delete process.env.FLOTILLA_SERVER;
    else process.env.FLOTILLA_SERVER = saved;
  }
});

test('parseDuration adds up units', () => {
  assert.equal(parseDuration('1h1m1s1ms'), 3_661_001);
  assert.throws(() => parseDuration('1d'));
});

test('kubectl\'s credential flags load the files; a problem is reported as a bad flag is', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-component-flags-'));
  try {
    const pki = await createPki(dir);
    const files = clientCredentialFiles(pki.dir, 'controller-manager');
    const f = parse(INTEGERS, credentialArgs({ ...files, token: pki.token }));
    assert.deepEqual(f.credentials, {
      certificateAuthority: readFileSync(pki.caFile),
      clientCertificate: readFileSync(files.clientCertificate as string),
      clientKey: readFileSync(files.clientKey as string),
      token: pki.token,
    });
    const errors: string[] = [];
    const program = addComponentFlags(new Command('t'), INTEGERS).configureOutput({ writeErr: (text) => errors.push(text) });
    assert.throws(() => parseComponentArgs(program, ['--client-certificate', files.clientCertificate as string, '--certificate-authority', pki.caFile], INTEGERS), CommanderError);
    assert.match(errors.join(''), /^error: --client-certificate is given without --client-key/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
