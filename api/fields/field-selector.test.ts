import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isApiError } from '../errors.js';
import { resolveResource } from '../resources.js';
import type { KubeObject } from '../types/meta.js';
import { fieldSet, formatFieldSelector, matchesFields, parseFieldSelector, selectableFields } from './field-selector.js';

const pods = resolveResource('pods');
const events = resolveResource('events');
const nodes = resolveResource('nodes');
const namespaces = resolveResource('namespaces');
const replicasets = resolveResource('replicasets');
const deployments = resolveResource('deployments');

function badRequest(fragment: string) {
  return (err: unknown) => {
    assert.ok(isApiError(err, 'BadRequest'), `expected BadRequest, got ${String(err)}`);
    assert.ok(err.message.includes(fragment), `${JSON.stringify(err.message)} should include ${JSON.stringify(fragment)}`);
    return true;
  };
}

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default' },
  spec: { nodeName: 'n1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default', containers: [] },
  status: { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }], podIP: '10.0.0.5' },
};

const event: KubeObject = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web-1.abc', namespace: 'default' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'u1', apiVersion: 'v1', resourceVersion: '12', fieldPath: 'spec.containers{web}' },
  reason: 'Started',
  reportingComponent: 'kubelet',
  source: { component: 'kubelet', host: 'n1' },
  type: 'Normal',
};

describe('parseFieldSelector', () => {
  it('parses =, == and !=', () => {
    assert.deepEqual(parseFieldSelector('spec.nodeName=n1,status.phase!=Failed,metadata.name==web-1', pods).requirements, [
      { field: 'metadata.name', operator: 'Equals', value: 'web-1' },
      { field: 'spec.nodeName', operator: 'Equals', value: 'n1' },
      { field: 'status.phase', operator: 'NotEquals', value: 'Failed' },
    ]);
  });

  it('treats the empty string as everything and allows empty values', () => {
    assert.deepEqual(parseFieldSelector('', pods).requirements, []);
    assert.deepEqual(parseFieldSelector('spec.nodeName=', pods).requirements, [{ field: 'spec.nodeName', operator: 'Equals', value: '' }]);
  });

  it('honours backslash escapes', () => {
    const sel = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d', pods);
    assert.deepEqual(sel.requirements, [{ field: 'metadata.name', operator: 'Equals', value: 'a,b=c\\d' }]);
    assert.equal(formatFieldSelector(sel), 'metadata.name=a\\,b\\=c\\\\d');
  });

  it('refuses unknown fields with Kubernetes message', () => {
    assert.throws(() => parseFieldSelector('spec.foo=bar', pods), badRequest('field label not supported: spec.foo'));
    assert.throws(() => parseFieldSelector('spec.nodeName=x', deployments), badRequest('field label not supported: spec.nodeName'));
    assert.throws(() => parseFieldSelector('constructor=x', pods), badRequest('field label not supported: constructor'));
  });

  it('refuses malformed terms and escapes', () => {
    assert.throws(() => parseFieldSelector('spec.nodeName', pods), badRequest("invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'"));
    assert.throws(() => parseFieldSelector('metadata.name=a=b', pods), badRequest('unescaped character in value: ='));
    assert.throws(() => parseFieldSelector('metadata.name=a\\x', pods), badRequest('invalid escape sequence'));
  });

  it('knows each resource fields', () => {
    assert.ok(selectableFields(pods).includes('status.podIP'));
    assert.ok(selectableFields(events).includes('involvedObject.uid'));
    assert.deepEqual(selectableFields(nodes).sort(), ['metadata.name', 'metadata.namespace', 'spec.unschedulable']);
    assert.deepEqual(selectableFields(namespaces).sort(), ['metadata.name', 'metadata.namespace', 'status.phase']);
    assert.deepEqual(selectableFields(replicasets).sort(), ['metadata.name', 'metadata.namespace', 'status.replicas']);
    assert.deepEqual(selectableFields(deployments).sort(), ['metadata.name', 'metadata.namespace']);
  });
});

describe('fieldSet', () => {
  it('extracts pod fields, defaulting absent ones to ""', () => {
    assert.deepEqual(fieldSet(pods, pod), {
      'metadata.name': 'web-1',
      'metadata.namespace': 'default',
      'spec.nodeName': 'n1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'default',
      'spec.hostNetwork': 'false',
      'status.phase': 'Running',
      'status.podIP': '10.0.0.5',
      'status.nominatedNodeName': '',
    });
  });

  it('extracts event fields (source is the component)', () => {
    const set = fieldSet(events, event);
    assert.equal(set['involvedObject.kind'], 'Pod');
    assert.equal(set['involvedObject.uid'], 'u1');
    assert.equal(set['involvedObject.fieldPath'], 'spec.containers{web}');
    assert.equal(set['involvedObject.resourceVersion'], '12');
    assert.equal(set.source, 'kubelet');
    assert.equal(set.reportingComponent, 'kubelet');
    assert.equal(set.type, 'Normal');
    assert.equal(set.reason, 'Started');
  });

  it('extracts node, namespace and replicaset fields', () => {
    assert.equal(fieldSet(nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { unschedulable: true } })['spec.unschedulable'], 'true');
    assert.equal(fieldSet(nodes, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } })['spec.unschedulable'], 'false');
    assert.equal(fieldSet(namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, status: { phase: 'Active' } })['status.phase'], 'Active');
    assert.equal(fieldSet(replicasets, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, status: { replicas: 3 } })['status.replicas'], '3');
    assert.equal(fieldSet(replicasets, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' } })['status.replicas'], '0');
  });

  it('falls back to status.podIP when podIPs is absent', () => {
    const p = structuredClone(pod);
    p.status = { podIP: '10.1.1.1' };
    assert.equal(fieldSet(pods, p)['status.podIP'], '10.1.1.1');
  });
});

describe('matchesFields', () => {
  it('matches equality and inequality', () => {
    assert.equal(matchesFields(parseFieldSelector('spec.nodeName=n1', pods), pods, pod), true);
    assert.equal(matchesFields(parseFieldSelector('spec.nodeName=n2', pods), pods, pod), false);
    assert.equal(matchesFields(parseFieldSelector('status.phase!=Failed,spec.nodeName=n1', pods), pods, pod), true);
    assert.equal(matchesFields(parseFieldSelector('status.phase!=Running', pods), pods, pod), false);
  });

  it('treats a missing field as the empty string', () => {
    const unscheduled = structuredClone(pod);
    delete (unscheduled.spec as Record<string, unknown>).nodeName;
    assert.equal(matchesFields(parseFieldSelector('spec.nodeName=', pods), pods, unscheduled), true);
    assert.equal(matchesFields(parseFieldSelector('spec.nodeName!=', pods), pods, unscheduled), false);
    assert.equal(matchesFields(parseFieldSelector('spec.nodeName!=', pods), pods, pod), true);
  });

  it('selects events of one object as kubectl describe does', () => {
    const sel = parseFieldSelector('involvedObject.name=web-1,involvedObject.namespace=default,involvedObject.uid=u1', events);
    assert.equal(matchesFields(sel, events, event), true);
    assert.equal(matchesFields(parseFieldSelector('involvedObject.uid=other', events), events, event), false);
  });

  it('an empty selector matches everything', () => {
    assert.equal(matchesFields({ requirements: [] }, pods, pod), true);
  });
});
