import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError, type FieldError } from '../errors.js';
import { validateAnnotations, validateLabelSelector, validateLabels } from './labels.js';
import { nameIsDnsLabel, nameIsDnsSubdomain } from './names.js';
import { validateFinalizers, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';

const fmt = (errs: FieldError[]) => errs.map(formatFieldError);
const namespaced = { namespaced: true, nameFn: nameIsDnsSubdomain };
const clusterScoped = { namespaced: false, nameFn: nameIsDnsLabel };

describe('validateObjectMeta', () => {
  it('accepts a plain object', () => {
    assert.deepEqual(validateObjectMeta({ name: 'web', namespace: 'default', labels: { app: 'web' } }, namespaced), []);
  });

  it('requires a name', () => {
    assert.deepEqual(fmt(validateObjectMeta({ namespace: 'default' }, namespaced)), [
      'metadata.name: Required value: name or generateName is required',
    ]);
    assert.deepEqual(fmt(validateObjectMeta(undefined, clusterScoped)), ['metadata.name: Required value: name or generateName is required']);
  });

  it('reports a name of the wrong type once, not also as missing', () => {
    assert.deepEqual(fmt(validateObjectMeta({ name: 123, namespace: 'default' }, namespaced)), ['metadata.name: Invalid value: 123: must be a string']);
  });

  it('reports null owner references', () => {
    const refs = [null, { apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u' }];
    assert.deepEqual(fmt(validateObjectMeta({ name: 'web', namespace: 'default', ownerReferences: refs }, namespaced)), [
      'metadata.ownerReferences[0]: Invalid value: null: must be an object',
    ]);
  });

  it('checks name syntax per kind', () => {
    assert.deepEqual(validateObjectMeta({ name: 'a.b', namespace: 'default' }, namespaced), []);
    assert.deepEqual(fmt(validateObjectMeta({ name: 'a.b' }, clusterScoped)), ['metadata.name: Invalid value: "a.b": must not contain dots']);
    const errs = fmt(validateObjectMeta({ name: 'Web', namespace: 'default' }, namespaced));
    assert.equal(errs.length, 1);
    assert.ok(errs[0].startsWith('metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of'));
  });

  it('checks generateName as a prefix', () => {
    assert.deepEqual(validateObjectMeta({ generateName: 'web-', name: 'web-x1y2z', namespace: 'default' }, namespaced), []);
    const errs = fmt(validateObjectMeta({ generateName: 'Web-', name: 'web-abcde', namespace: 'default' }, namespaced));
    assert.equal(errs.length, 1);
    assert.ok(errs[0].startsWith('metadata.generateName: Invalid value: "Web-"'));
  });

  it('requires a namespace for namespaced kinds and forbids one otherwise', () => {
    assert.deepEqual(fmt(validateObjectMeta({ name: 'web' }, namespaced)), ['metadata.namespace: Required value']);
    assert.deepEqual(fmt(validateObjectMeta({ name: 'n1', namespace: 'default' }, clusterScoped)), [
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
    assert.ok(fmt(validateObjectMeta({ name: 'web', namespace: 'Bad' }, namespaced))[0].startsWith('metadata.namespace: Invalid value: "Bad"'));
  });

  it('checks labels: keys and values land on metadata.labels', () => {
    const errs = fmt(validateObjectMeta({ name: 'web', namespace: 'default', labels: { 'bad key': 'ok', good: 'bad value!' } }, namespaced));
    assert.equal(errs.length, 2);
    assert.ok(errs[0].startsWith('metadata.labels: Invalid value: "bad key": name part must consist of'));
    assert.ok(errs[1].startsWith('metadata.labels: Invalid value: "bad value!": a valid label must be an empty string'));
  });

  it('limits annotations to 256 KiB in total', () => {
    const big = 'x'.repeat(256 * 1024);
    assert.deepEqual(fmt(validateAnnotations({ a: big }, 'metadata.annotations')), ['metadata.annotations: Too long: must have at most 262144 bytes']);
    assert.deepEqual(validateAnnotations({ a: 'x'.repeat(256 * 1024 - 1) }, 'metadata.annotations'), []);
    // Keys are checked case-insensitively but reported as written.
    assert.deepEqual(validateAnnotations({ 'Example.COM/Key': 'v' }, 'metadata.annotations'), []);
    assert.ok(fmt(validateAnnotations({ 'a b': 'v' }, 'metadata.annotations'))[0].startsWith('metadata.annotations: Invalid value: "a b"'));
  });

  it('checks ownerReferences', () => {
    const errs = fmt(
      validateObjectMeta(
        {
          name: 'web-1',
          namespace: 'default',
          ownerReferences: [
            { apiVersion: '', kind: '', name: '', uid: '' },
            { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true },
            { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'b', uid: '2', controller: true },
          ],
        },
        namespaced,
      ),
    );
    assert.deepEqual(errs, [
      'metadata.ownerReferences[0].apiVersion: Invalid value: "": version must not be empty',
      'metadata.ownerReferences[0].kind: Invalid value: "": kind must not be empty',
      'metadata.ownerReferences[0].name: Invalid value: "": name must not be empty',
      'metadata.ownerReferences[0].uid: Invalid value: "": uid must not be empty',
      'metadata.ownerReferences: Invalid value: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and StatefulSet/b',
    ]);
  });

  it('checks finalizers', () => {
    assert.deepEqual(validateFinalizers(['kubernetes', 'orphan', 'example.com/cleanup'], 'metadata.finalizers'), []);
    assert.deepEqual(fmt(validateFinalizers(['cleanup'], 'metadata.finalizers')), [
      'metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
    assert.deepEqual(fmt(validateFinalizers(['orphan', 'foregroundDeletion'], 'metadata.finalizers')), [
      'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
  });

  it('reports wrong types instead of throwing', () => {
    assert.deepEqual(fmt(validateObjectMeta('web', namespaced)), ['metadata: Invalid value: "web": must be an object']);
    const errs = fmt(validateObjectMeta({ name: 'web', namespace: 'default', labels: { a: 1 }, finalizers: 'x', generation: -1 }, namespaced));
    assert.deepEqual(errs, [
      'metadata.generation: Invalid value: -1: must be greater than or equal to 0',
      'metadata.labels[a]: Invalid value: 1: must be a string',
      'metadata.finalizers: Invalid value: "x": must be a list',
    ]);
  });
});

describe('validateObjectMetaUpdate', () => {
  const old = { name: 'web', namespace: 'default', uid: 'u1', creationTimestamp: '2026-01-01T00:00:00Z', finalizers: ['a.io/x'] };

  it('accepts label and annotation changes', () => {
    assert.deepEqual(validateObjectMetaUpdate({ ...old, labels: { a: 'b' } }, old), []);
  });

  it('keeps name, namespace, uid and creationTimestamp', () => {
    assert.deepEqual(fmt(validateObjectMetaUpdate({ ...old, name: 'web2', uid: 'u2' }, old)), [
      'metadata.name: Invalid value: "web2": field is immutable',
      'metadata.uid: Invalid value: "u2": field is immutable',
    ]);
  });

  it('refuses new finalizers on an object being deleted', () => {
    const deleting = { ...old, deletionTimestamp: '2026-01-02T00:00:00Z' };
    assert.deepEqual(validateObjectMetaUpdate({ ...deleting, finalizers: [] }, deleting), []);
    assert.deepEqual(fmt(validateObjectMetaUpdate({ ...deleting, finalizers: ['a.io/x', 'b.io/y'] }, deleting)), [
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
    ]);
    assert.deepEqual(validateObjectMetaUpdate({ ...old, finalizers: ['a.io/x', 'b.io/y'] }, old), []);
  });
});

describe('validateLabels and validateLabelSelector', () => {
  it('validateLabels reports on the given path', () => {
    assert.deepEqual(validateLabels({ app: 'web' }, 'spec.nodeSelector'), []);
    assert.ok(fmt(validateLabels({ 'a b': 'c' }, 'spec.nodeSelector'))[0].startsWith('spec.nodeSelector: Invalid value: "a b"'));
  });

  it('validateLabelSelector checks operators, values and keys', () => {
    assert.deepEqual(validateLabelSelector(undefined, 'spec.selector'), []);
    assert.deepEqual(
      fmt(
        validateLabelSelector(
          {
            matchLabels: { app: 'web' },
            matchExpressions: [
              { key: 'a', operator: 'In', values: [] },
              { key: 'b', operator: 'Exists', values: ['x'] },
              { key: 'c', operator: 'Gt', values: ['1'] },
              { key: 'd', operator: 'NotIn', values: ['bad value'] },
            ],
          },
          'spec.selector',
        ),
      ),
      [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        'spec.selector.matchExpressions[2].operator: Invalid value: "Gt": not a valid selector operator',
        `spec.selector.matchExpressions[3].values[0]: Invalid value: "bad value": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      ],
    );
  });
});
