#!/usr/bin/env node
// Writes the kubeconfig of a Flotilla cluster: one cluster, one token user, one
// context, made current. deploy/up.sh and testkit both run this script, so the
// file a person uses and the file the tests use cannot drift apart. Plain node,
// no packages: it runs before and without the build.
//
// usage: node deploy/write-kubeconfig.mjs --server URL --certificate-authority CA_FILE
//          --token-file FILE --out FILE [--cluster NAME] [--user NAME] [--context NAME]
// The file is written with mode 600 (it holds a bearer token) and replaced
// atomically, so a reader never sees half of it.
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const DEFAULT_CLUSTER = 'flotilla';
const DEFAULT_USER = 'admin';
const DEFAULT_CONTEXT = 'flotilla';
/** Owner read/write only: the file carries the admin's token. */
const KUBECONFIG_MODE = 0o600;

/**
 * Every value as a double-quoted scalar: JSON strings are valid YAML, and a
 * quoted value never turns into a number or a boolean (a token of digits only).
 */
const q = (value) => JSON.stringify(String(value));

function renderKubeconfig({ server, caPem, token, cluster, user, context }) {
  const caData = Buffer.from(caPem).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${q(cluster)}`,
    '  cluster:',
    `    server: ${q(server)}`,
    `    certificate-authority-data: ${q(caData)}`,
    'users:',
    `- name: ${q(user)}`,
    '  user:',
    `    token: ${q(token)}`,
    'contexts:',
    `- name: ${q(context)}`,
    '  context:',
    `    cluster: ${q(cluster)}`,
    `    user: ${q(user)}`,
    `current-context: ${q(context)}`,
    'preferences: {}',
    '',
  ].join('\n');
}

function fail(message) {
  process.stderr.write(`write-kubeconfig: ${message}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      server: { type: 'string' },
      'certificate-authority': { type: 'string' },
      'token-file': { type: 'string' },
      out: { type: 'string' },
      cluster: { type: 'string', default: DEFAULT_CLUSTER },
      user: { type: 'string', default: DEFAULT_USER },
      context: { type: 'string', default: DEFAULT_CONTEXT },
    },
    strict: true,
  }));
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
for (const required of ['server', 'certificate-authority', 'token-file', 'out']) {
  if (!values[required]) fail(`--${required} is required`);
}
if (!/^https:\/\//.test(values.server)) fail(`--server must be an https:// URL (kubectl sends tokens only over HTTPS), got ${values.server}`);

const token = readFileSync(values['token-file'], 'utf8').trim();
if (!token) fail(`${values['token-file']} is empty`);
const caPem = readFileSync(values['certificate-authority'], 'utf8');
if (!caPem.includes('BEGIN CERTIFICATE')) fail(`${values['certificate-authority']} holds no PEM certificate`);

const text = renderKubeconfig({ server: values.server, caPem, token, cluster: values.cluster, user: values.user, context: values.context });
const tmp = `${values.out}.tmp-${process.pid}`;
writeFileSync(tmp, text, { mode: KUBECONFIG_MODE });
// The mode given to writeFileSync is masked by the umask; set it outright.
chmodSync(tmp, KUBECONFIG_MODE);
renameSync(tmp, values.out);
