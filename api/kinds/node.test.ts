import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types/meta.js';
import { createErrors, defaulted, nodeFixture, statusErrors, updateErrors } from './fixtures.js';
import { isValidCidr } from './node.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function node(edit: (n: Json) => void): KubeObject {
  const n = nodeFixture() as Json;
  edit(n);
  return n as KubeObject;
}

describe('Node', () => {
  it('defaults allocatable to capacity', () => {
    const out = defaulted(nodeFixture()) as Json;
    assert.deepEqual(out.status.allocatable, { cpu: '4', memory: '8Gi', pods: '110' });
    const given = defaulted(node((n) => (n.status.allocatable = { cpu: '3' }))) as Json;
    assert.deepEqual(given.status.allocatable, { cpu: '3' });
  });

  it('accepts valid taints and refuses bad ones', () => {
    assert.deepEqual(createErrors(node((n) => (n.spec.taints = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'dedicated', effect: 'NoExecute' }]))), []);
    const errs = createErrors(
      node(
        (n) =>
          (n.spec.taints = [
            { key: 'a', effect: 'NoSchedule' },
            { key: 'a', value: 'other', effect: 'NoSchedule' },
            { key: 'b', effect: '' },
            { key: 'c', effect: 'Never' },
            { key: '', value: 'bad value', effect: 'NoExecute' },
          ]),
      ),
    );
    assert.deepEqual(errs.filter((e) => !e.includes('name part') && !e.includes('a valid label')), [
      'spec.taints[1]: Duplicate value: {"key":"a","effect":"NoSchedule"}: taints must be unique by key and effect pair',
      'spec.taints[2].effect: Required value',
      'spec.taints[3].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
    assert.ok(errs.some((e) => e.startsWith('spec.taints[4].key: Invalid value: "": name part must be non-empty')));
    assert.ok(errs.some((e) => e.startsWith('spec.taints[4].value: Invalid value: "bad value": a valid label must be')));
  });

  it('reports a null taint', () => {
    assert.deepEqual(createErrors(node((n) => (n.spec.taints = [null]))), ['spec.taints[0]: Invalid value: null: must be an object']);
  });

  it('checks names, CIDRs and resource quantities', () => {
    assert.deepEqual(createErrors(node((n) => (n.metadata.namespace = 'default'))), ['metadata.namespace: Forbidden: not allowed on this type']);
    assert.deepEqual(createErrors(node((n) => (n.spec.podCIDR = '10.0.0.0/33'))), [
      'spec.podCIDR: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
    const errs = createErrors(node((n) => (n.status.capacity = { cpu: 'four', memory: '-1Gi' })));
    assert.deepEqual(errs.slice(0, 2), [
      "status.capacity[cpu]: Invalid value: \"four\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      'status.capacity[memory]: Invalid value: "-1Gi": must be greater than or equal to 0',
    ]);
    assert.ok(isValidCidr('10.244.0.0/24'));
    assert.ok(isValidCidr('2001:db8::/64'));
    assert.ok(!isValidCidr('10.244.0.0'));
    assert.ok(!isValidCidr('2001:db8::/129'));
  });

  it('lets podCIDR and providerID be set once', () => {
    const old = defaulted(nodeFixture());
    const set = node((n) => {
      n.spec.podCIDR = '10.244.1.0/24';
      n.spec.providerID = 'docker://node-1';
    });
    assert.deepEqual(updateErrors(set, old), []);
    const storedSet = defaulted(set);
    const changed = structuredClone(storedSet) as Json;
    changed.spec.podCIDR = '10.244.2.0/24';
    changed.spec.providerID = 'docker://other';
    assert.deepEqual(updateErrors(changed as KubeObject, storedSet), [
      'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
      'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
    ]);
    const cordoned = structuredClone(storedSet) as Json;
    cordoned.spec.unschedulable = true;
    assert.deepEqual(updateErrors(cordoned as KubeObject, storedSet), []);
  });

  it('checks conditions on status updates', () => {
    const old = defaulted(nodeFixture());
    const next = structuredClone(old) as Json;
    next.status.conditions = [{ type: 'Ready', status: 'True' }, { type: 'Ready', status: 'Sure' }];
    assert.deepEqual(statusErrors(next as KubeObject, old), [
      'status.conditions[1].status: Unsupported value: "Sure": supported values: "True", "False", "Unknown"',
    ]);
  });
});
