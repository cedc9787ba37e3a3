import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isApiError } from '../errors.js';
import { resources } from '../resources.js';
import { FieldSet } from './field-set.js';
import type { ManagerEntry } from './managers.js';
import { applyConfiguration, recordUpdate, type ApplyWrite } from './ownership.js';
import { rootTypeOf } from './schema-type.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DEPLOYMENT = rootTypeOf(resources.deployments.schema);
const CONFIGMAP = rootTypeOf(resources.configMaps.schema);
const NOW = '2025-01-01T00:00:00Z';
const LATER = '2025-01-01T00:01:00Z';
const MAIN = { without: 'status' };

function deployment(replicas: number, containers: Json[] = [{ name: 'web', image: 'nginx:1' }]): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers } },
    },
  };
}

function apply(live: Json | undefined, config: Json, managers: ManagerEntry[], manager = 'kubectl', force = false): ReturnType<typeof applyConfiguration> {
  const write: ApplyWrite = {
    type: DEPLOYMENT,
    live,
    config,
    managers,
    applier: { manager, apiVersion: 'apps/v1', subresource: '' },
    scope: MAIN,
    force,
    now: NOW,
  };
  return applyConfiguration(write);
}

describe('applyConfiguration', () => {
  it('claims exactly the applied fields, list items by key and atomic selectors whole', () => {
    const { object, managers } = apply(undefined, deployment(2), []);
    assert.equal((object as Json).spec.replicas, 2);
    assert.equal(managers.length, 1);
    assert.equal(managers[0].operation, 'Apply');
    assert.deepEqual(managers[0].fields.toFieldsV1(), {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
        },
      },
    });
  });

  it('keeps the time of an apply that changes nothing', () => {
    const first = apply(undefined, deployment(2), []);
    first.managers[0].time = '2024-12-31T00:00:00Z';
    const again = applyConfiguration({
      type: DEPLOYMENT,
      live: first.object,
      config: deployment(2),
      managers: first.managers,
      applier: { manager: 'kubectl', apiVersion: 'apps/v1', subresource: '' },
      scope: MAIN,
      force: false,
      now: LATER,
    });
    assert.deepEqual(again.object, first.object);
    assert.equal(again.managers[0].time, '2024-12-31T00:00:00Z');
  });

  it('removes what it stops applying, unless another manager holds it', () => {
    const first = apply(undefined, deployment(2, [{ name: 'web', image: 'nginx:1' }, { name: 'side', image: 'busybox' }]), []);
    const config = deployment(2);
    delete config.metadata.labels;
    const second = apply(first.object, config, first.managers);
    const spec = (second.object as Json).spec;
    assert.deepEqual(spec.template.spec.containers.map((c: Json) => c.name), ['web']);
    assert.equal((second.object as Json).metadata.labels.app, undefined);

    const shared: ManagerEntry = {
      manager: 'other',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      subresource: '',
      fields: FieldSet.fromPaths([['f:metadata', 'f:labels', 'f:app']]),
    };
    const kept = apply(first.object, config, [...first.managers, shared]);
    assert.equal((kept.object as Json).metadata.labels.app, 'web');
  });

  it('answers Conflict naming the other manager and field, and takes the field by force', () => {
    const created = apply(undefined, deployment(2), []);
    const scaled = recordUpdate({
      type: DEPLOYMENT,
      before: created.object,
      after: { ...created.object, spec: { ...(created.object as Json).spec, replicas: 5 } },
      managers: created.managers,
      writer: { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', subresource: '' },
      scope: MAIN,
      now: LATER,
    });
    const updater = scaled.find((m) => m.operation === 'Update');
    assert.deepEqual(updater?.fields.paths(), [['f:spec', 'f:replicas']]);
    const applier = scaled.find((m) => m.operation === 'Apply');
    assert.ok(!applier?.fields.has(['f:spec', 'f:replicas']), 'the update took replicas from the applier');

    const live = { ...created.object, spec: { ...(created.object as Json).spec, replicas: 5 } };
    assert.throws(
      () => apply(live, deployment(2), scaled),
      (err: unknown) => {
        assert.ok(isApiError(err, 'Conflict'));
        assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
        assert.deepEqual(err.details.causes, [
          { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' },
        ]);
        return true;
      },
    );
    const forced = apply(live, deployment(2), scaled, 'kubectl', true);
    assert.equal((forced.object as Json).spec.replicas, 2);
    assert.equal(forced.managers.find((m) => m.manager === 'kubectl-client-side-apply'), undefined);

    const same = apply(live, deployment(5), scaled);
    assert.ok(same.managers.find((m) => m.manager === 'kubectl-client-side-apply')?.fields.has(['f:spec', 'f:replicas']));
    assert.ok(same.managers.find((m) => m.manager === 'kubectl')?.fields.has(['f:spec', 'f:replicas']), 'shared, no conflict');
  });

  it('lists every conflict of several managers', () => {
    const created = apply(undefined, deployment(2), [], 'a');
    const live = { ...created.object, spec: { ...(created.object as Json).spec, replicas: 1 } };
    assert.throws(
      () => apply(live, { ...deployment(3, [{ name: 'web', image: 'nginx:2' }]) }, created.managers, 'b'),
      (err: unknown) =>
        isApiError(err, 'Conflict') &&
        err.message ===
          'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.replicas\n- .spec.template.spec.containers[name="web"].image' &&
        err.details.causes?.length === 2,
    );
  });

  it('merges list-map items keyed by several fields, filling a defaulted key', () => {
    const ports = (list: Json[]): Json => deployment(1, [{ name: 'web', image: 'nginx', ports: list }]);
    const first = apply(undefined, ports([{ containerPort: 80 }]), []);
    assert.ok(first.managers[0].fields.has(['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:ports', 'k:{"containerPort":80,"protocol":"TCP"}']));
    const other = apply(first.object, ports([{ containerPort: 81 }]), [], 'other');
    const merged = (other.object as Json).spec.template.spec.containers[0].ports.map((p: Json) => p.containerPort);
    assert.deepEqual(merged, [80, 81]);
  });
});

describe('recordUpdate', () => {
  const writer = { manager: 'kubectl-create', operation: 'Update' as const, apiVersion: 'v1', subresource: '' };

  it('gives a create every field it sets, marking maps it added', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', uid: 'u' }, data: { a: '1' } };
    const managers = recordUpdate({ type: CONFIGMAP, before: undefined, after: cm, managers: [], writer, scope: {}, now: NOW });
    assert.deepEqual(managers[0].fields.toFieldsV1(), { 'f:data': { '.': {}, 'f:a': {} } });
    assert.equal(managers[0].time, NOW);
  });

  it('changes nothing when nothing changed, and drops removed fields from their owners', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1', b: '2' } };
    const created = recordUpdate({ type: CONFIGMAP, before: undefined, after: cm, managers: [], writer, scope: {}, now: NOW });
    assert.equal(recordUpdate({ type: CONFIGMAP, before: cm, after: cm, managers: created, writer, scope: {}, now: LATER })[0].time, NOW);
    const edited = { ...cm, data: { a: '1' } };
    const after = recordUpdate({ type: CONFIGMAP, before: cm, after: edited, managers: created, writer: { ...writer, manager: 'kubectl-edit' }, scope: {}, now: LATER });
    assert.deepEqual(after.map((m) => m.manager), ['kubectl-create']);
    assert.deepEqual(after[0].fields.toFieldsV1(), { 'f:data': { '.': {}, 'f:a': {} } });
  });
});

describe('the cap on updaters', () => {
  it('folds the oldest Update entries into ancient-changes past ten, as Kubernetes does', () => {
    let before: Json = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: {} };
    let managers: ManagerEntry[] = [];
    for (let i = 0; i < 12; i++) {
      const after = { ...before, data: { ...before.data, [`k${i}`]: 'v' } };
      const now = new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString().replace('.000', '');
      managers = recordUpdate({ type: CONFIGMAP, before, after, managers, writer: { manager: `m${i}`, operation: 'Update', apiVersion: 'v1', subresource: '' }, scope: {}, now });
      before = after;
    }
    assert.equal(managers.length, 10);
    const ancient = managers.find((m) => m.manager === 'ancient-changes');
    assert.deepEqual(ancient?.fields.paths(), [['f:data', 'f:k0'], ['f:data', 'f:k1'], ['f:data', 'f:k2']]);
    assert.ok(managers.some((m) => m.manager === 'm11'));
    assert.ok(!managers.some((m) => m.manager === 'm0' || m.manager === 'm2'));
  });
});
