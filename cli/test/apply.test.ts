// flotctl apply / create / run against a real etcd and apiserver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deployment } from '../../api/types/apps.js';
import type { Pod } from '../../api/types/pod.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';
import { LAST_APPLIED_ANNOTATION } from '../last-applied.js';
import { flotctl } from '../../testkit/processes/flotctl-process.js';
import { objectExists } from '../../testkit/objects/object-exists.js';
import { resources, type ResourceInfo } from '../../api/resources.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
let dir: string;

const env = useControlPlane({}, {
  setUp: async () => {
    dir = mkdtempSync(join(tmpdir(), 'flotctl-apply-'));
  },
  tearDown: async () => {
    rmSync(dir, { recursive: true, force: true });
  },
});

function exists(resource: ResourceInfo, namespace: string, name: string): Promise<boolean> {
  return objectExists(env.client, resource, namespace, name);
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('apply the examples: created, then unchanged', async () => {
  const first = await flotctl(env.address, ['apply', '-f', join(EXAMPLES, 'nginx-deployment.yaml'), '-f', join(EXAMPLES, 'pod.yaml'), '-f', join(EXAMPLES, 'web-stack.yaml')]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(
    first.stdout,
    'deployment.apps/nginx-deployment created\npod/busybox created\nnamespace/web-stack created\ndeployment.apps/web created\nservice/web created\npod/toolbox created\n',
  );
  const d = await env.client.get<Deployment>(resources.deployments, 'default', 'nginx-deployment');
  assert.equal(d.spec.replicas, 3);
  const lastApplied = JSON.parse(d.metadata.annotations![LAST_APPLIED_ANNOTATION]);
  assert.equal(lastApplied.metadata.namespace, 'default');
  assert.ok(await exists(resources.pods, 'web-stack', 'toolbox'));

  // The whole folder: what was applied above is unchanged, every other example is new.
  const again = await flotctl(env.address, ['apply', '-f', EXAMPLES]);
  assert.equal(again.code, 0, again.stderr);
  const seen = ['deployment.apps/nginx-deployment', 'pod/busybox', 'namespace/web-stack', 'deployment.apps/web', 'service/web', 'pod/toolbox'];
  const lines = again.stdout.trim().split('\n');
  assert.deepEqual(
    lines.filter((l) => seen.some((name) => l.startsWith(`${name} `))),
    seen.map((name) => `${name} unchanged`),
  );
  for (const line of lines.filter((l) => !seen.some((name) => l.startsWith(`${name} `)))) assert.match(line, / created$/);
});

test('apply an edited copy: configured, replicas changed and the removed label gone', async () => {
  const original = readFileSync(join(EXAMPLES, 'nginx-deployment.yaml'), 'utf8');
  const withLabel = original.replace('  labels:\n    app: nginx\n', '  labels:\n    app: nginx\n    team: web\n');
  assert.notEqual(withLabel, original);
  const labelled = await flotctl(env.address, ['apply', '-f', write('labelled.yaml', withLabel)]);
  assert.equal(labelled.stdout, 'deployment.apps/nginx-deployment configured\n', labelled.stderr);
  assert.deepEqual((await env.client.get<Deployment>(resources.deployments, 'default', 'nginx-deployment')).metadata.labels, { app: 'nginx', team: 'web' });

  const edited = original.replace('replicas: 3', 'replicas: 5').replace('  labels:\n    app: nginx\n', '  labels:\n    team: web\n');
  const result = await flotctl(env.address, ['apply', '-f', write('edited.yaml', edited)]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, 'deployment.apps/nginx-deployment configured\n');
  const d = await env.client.get<Deployment>(resources.deployments, 'default', 'nginx-deployment');
  assert.equal(d.spec.replicas, 5);
  assert.deepEqual(d.metadata.labels, { team: 'web' });
  assert.equal(d.spec.template.spec.containers[0].image, 'flotilla/nginx:1.22');
  assert.equal(d.spec.revisionHistoryLimit, 10, 'server defaults survive apply');

  const unchanged = await flotctl(env.address, ['apply', '-f', join(dir, 'edited.yaml')]);
  assert.equal(unchanged.stdout, 'deployment.apps/nginx-deployment unchanged\n');
});

test('apply from stdin, -o name, and dry runs that store nothing', async () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: from-stdin\nspec:\n  containers:\n  - name: c\n    image: flotilla/busybox:latest\n';
  const clientDry = await flotctl(env.address, ['apply', '-f', '-', '--dry-run=client'], pod);
  assert.equal(clientDry.stdout, 'pod/from-stdin created (dry run)\n', clientDry.stderr);
  const serverDry = await flotctl(env.address, ['apply', '-f', '-', '--dry-run=server', '-o', 'yaml'], pod);
  assert.equal(serverDry.code, 0, serverDry.stderr);
  assert.match(serverDry.stdout, /restartPolicy: Always/, 'the server filled its defaults');
  assert.equal(await exists(resources.pods, 'default', 'from-stdin'), false);

  const real = await flotctl(env.address, ['apply', '-f', '-', '-o', 'name'], pod);
  assert.equal(real.stdout, 'pod/from-stdin\n', real.stderr);
  assert.ok(await exists(resources.pods, 'default', 'from-stdin'));
});

test('a YAML syntax error names the file and line and applies nothing, not even from other files', async () => {
  const good = write('good.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: good-one\nspec:\n  containers:\n  - name: c\n    image: busybox\n');
  const bad = write(
    'bad.yaml',
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: also-good\nspec:\n  containers:\n  - name: c\n    image: busybox\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\n  labels: {a: b\n',
  );
  const result = await flotctl(env.address, ['apply', '-f', good, '-f', bad]);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, new RegExp(`^error: error parsing ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: yaml: line 1[45]: `));
  assert.equal(await exists(resources.pods, 'default', 'good-one'), false);
  assert.equal(await exists(resources.pods, 'default', 'also-good'), false);
});

test('a document without kind or name is reported with its file and position', async () => {
  const path = write('incomplete.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: fine\n---\napiVersion: v1\nmetadata:\n  labels: {a: b}\n');
  const result = await flotctl(env.address, ['apply', '-f', path]);
  assert.equal(result.code, 1);
  assert.equal(result.stderr, `error: error validating "${path}" (document 2): kind not set, metadata.name not set\n`);
  assert.equal(await exists(resources.pods, 'default', 'fine'), false);
});

test('an invalid object gets the server error naming the field; valid neighbours still apply', async () => {
  const invalidDeployment =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: mismatched\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: one\n' +
    '  template:\n    metadata:\n      labels:\n        app: two\n    spec:\n      containers:\n      - name: c\n        image: busybox\n';
  const neighbour = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: neighbour\nspec:\n  containers:\n  - name: c\n    image: busybox\n';
  const path = write('invalid.yaml', `${invalidDeployment}---\n${neighbour}`);
  const result = await flotctl(env.address, ['apply', '-f', path]);
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    new RegExp(`^Error from server \\(Invalid\\): error when creating "${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": Deployment\\.apps "mismatched" is invalid: .*spec\\.template\\.metadata\\.labels`),
  );
  assert.equal(result.stdout, 'pod/neighbour created\n');
  assert.equal(await exists(resources.deployments, 'default', 'mismatched'), false);
});

test('unknown kinds and namespace conflicts are reported, the rest applies', async () => {
  const path = write(
    'mixed.yaml',
    'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: mixed-ok\nspec:\n  containers:\n  - name: c\n    image: busybox\n',
  );
  const result = await flotctl(env.address, ['apply', '-f', path]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^error: resource mapping not found for name: "w" namespace: "" from ".*mixed\.yaml": no matches for kind "Widget" in version "example\.com\/v1"/);
  assert.equal(result.stdout, 'pod/mixed-ok created\n');

  const conflict = await flotctl(env.address, ['apply', '-f', join(EXAMPLES, 'web-stack.yaml'), '-n', 'default']);
  assert.equal(conflict.code, 1);
  assert.match(conflict.stderr, /the namespace from the provided object "web-stack" does not match the namespace "default"/);
});

test('create -f: created, then AlreadyExists as kubectl prints it; apply adopts it with a warning', async () => {
  const path = write('create.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: made\nspec:\n  containers:\n  - name: c\n    image: busybox\n');
  const first = await flotctl(env.address, ['create', '-f', path]);
  assert.equal(first.stdout, 'pod/made created\n', first.stderr);
  const made = await env.client.get<Pod>(resources.pods, 'default', 'made');
  assert.equal(made.metadata.annotations?.[LAST_APPLIED_ANNOTATION], undefined);
  const second = await flotctl(env.address, ['create', '-f', path]);
  assert.equal(second.code, 1);
  assert.equal(second.stderr, `Error from server (AlreadyExists): error when creating "${path}": pods "made" already exists\n`);

  const adopted = await flotctl(env.address, ['apply', '-f', path]);
  assert.equal(adopted.code, 0, adopted.stderr);
  assert.equal(adopted.stdout, 'pod/made configured\n');
  assert.match(adopted.stderr, /^Warning: resource pods\/made is missing the kubectl\.kubernetes\.io\/last-applied-configuration annotation/);
  assert.ok((await env.client.get<Pod>(resources.pods, 'default', 'made')).metadata.annotations?.[LAST_APPLIED_ANNOTATION]);
});

test('run: a pod labelled run=NAME with the arguments after --', async () => {
  const dry = await flotctl(env.address, ['run', 'sleeper', '--image', 'flotilla/busybox:latest', '--dry-run=client', '-o', 'json', '--', 'sleep', '3600']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.deepEqual(JSON.parse(dry.stdout).spec.containers[0].args, ['sleep', '3600']);
  assert.equal(await exists(resources.pods, 'default', 'sleeper'), false);

  const result = await flotctl(env.address, ['run', 'sleeper', '--image', 'flotilla/busybox:latest', '--restart', 'Never', '--env', 'MODE=demo', '--port', '8080', '--command', '--', 'sleep', '3600']);
  assert.equal(result.stdout, 'pod/sleeper created\n', result.stderr);
  const pod = await env.client.get<Pod>(resources.pods, 'default', 'sleeper');
  assert.deepEqual(pod.metadata.labels, { run: 'sleeper' });
  assert.equal(pod.spec.restartPolicy, 'Never');
  assert.deepEqual(pod.spec.containers[0].command, ['sleep', '3600']);
  assert.deepEqual(pod.spec.containers[0].env, [{ name: 'MODE', value: 'demo' }]);
  assert.equal(pod.spec.containers[0].ports?.[0]?.containerPort, 8080);
});

test('create deployment: app=NAME, container named after the image', async () => {
  const dry = await flotctl(env.address, ['create', 'deployment', 'api', '--image', 'flotilla/nginx:1.22', '--dry-run=client', '-o', 'yaml']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^apiVersion: apps\/v1\nkind: Deployment\n/);
  assert.equal(await exists(resources.deployments, 'default', 'api'), false);

  const result = await flotctl(env.address, ['create', 'deployment', 'api', '--image', 'flotilla/nginx:1.22', '--replicas', '2', '--port', '80', '-n', 'web-stack']);
  assert.equal(result.stdout, 'deployment.apps/api created\n', result.stderr);
  const d = await env.client.get<Deployment>(resources.deployments, 'web-stack', 'api');
  assert.equal(d.spec.replicas, 2);
  assert.deepEqual(d.spec.selector.matchLabels, { app: 'api' });
  assert.deepEqual(d.spec.template.metadata?.labels, { app: 'api' });
  assert.equal(d.spec.template.spec.containers[0].name, 'nginx');
  assert.equal(d.spec.template.spec.containers[0].ports?.[0]?.containerPort, 80);
});
