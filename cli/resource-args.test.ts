import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findResource } from '../api/resources.js';
import { CliError } from './cli-error.js';
import { kindPrefix, objectName, parseResourceArgs, qualifiedPlural } from './resource-args.js';

function kinds(args: string[]): string[] {
  return parseResourceArgs(args).requests.map((r) => `${r.info.kind}:${r.names.join('+')}`);
}

test('kinds, plurals and short names, with names after the type', () => {
  assert.deepEqual(kinds(['pods']), ['Pod:']);
  assert.deepEqual(kinds(['po', 'a', 'b']), ['Pod:a+b']);
  assert.deepEqual(kinds(['Deployment', 'web']), ['Deployment:web']);
  assert.deepEqual(kinds(['deployments.apps']), ['Deployment:']);
  const parsed = parseResourceArgs(['pod', 'a']);
  assert.equal(parsed.singleObject, true);
  assert.equal(parsed.multipleTypes, false);
});

test('comma lists and all mean several types', () => {
  const parsed = parseResourceArgs(['deploy,rs']);
  assert.deepEqual(parsed.requests.map((r) => r.info.kind), ['Deployment', 'ReplicaSet']);
  assert.equal(parsed.multipleTypes, true);
  const all = parseResourceArgs(['all']);
  assert.deepEqual(all.requests.map((r) => r.info.plural), ['pods', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'horizontalpodautoscalers', 'cronjobs', 'jobs']);
  assert.equal(all.multipleTypes, true);
  assert.equal(all.singleObject, false);
});

test('TYPE/NAME form groups names by type', () => {
  const parsed = parseResourceArgs(['pod/a', 'deployment/web', 'po/b']);
  assert.deepEqual(parsed.requests.map((r) => `${r.info.kind}:${r.names.join('+')}`), ['Pod:a+b', 'Deployment:web']);
  assert.equal(parsed.multipleTypes, true);
  assert.equal(parseResourceArgs(['pod/a']).singleObject, true);
  assert.throws(() => parseResourceArgs(['pods', 'pod/a']), /no need to specify a resource type as a separate argument/);
});

test('unknown types are refused as kubectl refuses them', () => {
  assert.throws(() => parseResourceArgs(['foo']), (err: unknown) => err instanceof CliError && err.message === 'the server doesn\'t have a resource type "foo"');
  assert.throws(() => parseResourceArgs(['pods,foo']), /resource type "foo"/);
  assert.throws(() => parseResourceArgs(['foo/x']), /resource type "foo"/);
  assert.throws(() => parseResourceArgs([]), /Required resource not specified/);
});

test('names as kubectl prints them', () => {
  const deployment = findResource('deployments')!;
  const pod = findResource('pods')!;
  assert.equal(kindPrefix(deployment), 'deployment.apps');
  assert.equal(kindPrefix(pod), 'pod');
  assert.equal(objectName(deployment, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }), 'deployment.apps/web');
  assert.equal(qualifiedPlural(deployment), 'deployments.apps');
  assert.equal(qualifiedPlural(pod), 'pods');
});
