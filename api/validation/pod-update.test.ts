import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaulted, podFixture, updateErrors } from '../kinds/fixtures.js';
import type { KubeObject } from '../types/meta.js';
import { validatePodSpecUpdate } from './pod-update.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FORBIDDEN_PREFIX =
  'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function stored(edit: (spec: Json) => void = () => {}): KubeObject {
  const pod = podFixture();
  edit(pod.spec as Json);
  return defaulted(pod);
}

function changed(old: KubeObject, edit: (spec: Json, pod: KubeObject) => void): KubeObject {
  const next = structuredClone(old);
  edit(next.spec as Json, next);
  return next;
}

describe('pod updates', () => {
  it('allow an unchanged spec and label changes', () => {
    const old = stored();
    assert.deepEqual(updateErrors(changed(old, () => {}), old), []);
    assert.deepEqual(updateErrors(changed(old, (_s, p) => (p.metadata.labels = { app: 'web', tier: 'x' })), old), []);
  });

  it('allow the serviceAccount alias to appear beside an unchanged serviceAccountName, not a new account', () => {
    // As stored before defaulting mirrored the alias: no serviceAccount field.
    const old = stored((s) => (s.serviceAccountName = 'web'));
    delete (old.spec as Json).serviceAccount;
    const next = changed(old, (s) => (s.serviceAccount = 'web'));
    assert.deepEqual(validatePodSpecUpdate(next.spec, old.spec), []);
    const errs = updateErrors(changed(old, (s) => (s.serviceAccountName = 'other')), old);
    assert.equal(errs.length, 1);
    assert.ok(errs[0].includes('spec.serviceAccountName: "web" -> "other"'), errs[0]);
  });

  it('allow image changes of app and init containers', () => {
    const old = stored((s) => (s.initContainers = [{ name: 'init', image: 'busybox:1' }]));
    const next = changed(old, (s) => {
      s.containers[0].image = 'nginx:1.26';
      s.initContainers[0].image = 'busybox:2';
    });
    assert.deepEqual(updateErrors(next, old), []);
  });

  it('forbid any other spec change, with Kubernetes wording and a list of what changed', () => {
    const old = stored();
    const errs = updateErrors(changed(old, (s) => (s.containers[0].ports[0].containerPort = 8080)), old);
    assert.equal(errs.length, 1);
    assert.ok(errs[0].startsWith(FORBIDDEN_PREFIX), errs[0]);
    assert.ok(errs[0].includes('spec.containers[0].ports[0].containerPort: 80 -> 8080'), errs[0]);
  });

  it('refuse adding or removing containers', () => {
    const old = stored();
    const errs = updateErrors(changed(old, (s) => s.containers.push({ name: 'b', image: 'x' })), old);
    assert.deepEqual(errs, ['spec.containers: Forbidden: pod updates may not add or remove containers']);
  });

  it('require an image when changing it', () => {
    const old = stored();
    const errs = updateErrors(changed(old, (s) => (s.containers[0].image = '')), old);
    assert.ok(errs.includes('spec.containers[0].image: Required value'), errs.join('\n'));
  });

  it('let activeDeadlineSeconds be set and only lowered, never removed', () => {
    const old = stored();
    const withDeadline = changed(old, (s) => (s.activeDeadlineSeconds = 600));
    assert.deepEqual(updateErrors(withDeadline, old), []);
    const stored600 = defaulted(withDeadline);
    assert.deepEqual(updateErrors(changed(stored600, (s) => (s.activeDeadlineSeconds = 300)), stored600), []);
    assert.deepEqual(updateErrors(changed(stored600, (s) => (s.activeDeadlineSeconds = 900)), stored600), [
      'spec.activeDeadlineSeconds: Invalid value: 900: must be less than or equal to previous value',
    ]);
    assert.deepEqual(updateErrors(changed(stored600, (s) => delete s.activeDeadlineSeconds), stored600), [
      'spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value',
    ]);
  });

  it('allow added tolerations and changed tolerationSeconds, not removed ones', () => {
    const old = stored((s) => (s.tolerations = [
      { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]));
    const added = changed(old, (s) => s.tolerations.push({ key: 'other', operator: 'Exists' }));
    assert.deepEqual(updateErrors(added, old), []);
    const seconds = changed(old, (s) => (s.tolerations[1].tolerationSeconds = 60));
    assert.deepEqual(updateErrors(seconds, old), []);
    const removed = changed(old, (s) => s.tolerations.splice(0, 1));
    assert.deepEqual(updateErrors(removed, old), [
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    ]);
  });

  it('let nodeName be set once, then never change', () => {
    const unbound = stored();
    const bound = changed(unbound, (s) => (s.nodeName = 'node-1'));
    assert.deepEqual(updateErrors(bound, unbound), []);
    const storedBound = defaulted(bound);
    const moved = updateErrors(changed(storedBound, (s) => (s.nodeName = 'node-2')), storedBound);
    assert.equal(moved.length, 1);
    assert.ok(moved[0].startsWith(FORBIDDEN_PREFIX));
    assert.ok(moved[0].includes('spec.nodeName: "node-1" -> "node-2"'));
  });

  it('forbid changing the grace period', () => {
    const old = stored();
    const errs = updateErrors(changed(old, (s) => (s.terminationGracePeriodSeconds = 5)), old);
    assert.equal(errs.length, 1);
    assert.ok(errs[0].startsWith(FORBIDDEN_PREFIX));
  });

  it('still validate the new spec', () => {
    const old = stored();
    const errs = updateErrors(changed(old, (s) => (s.containers[0].image = ' nginx')), old);
    assert.deepEqual(errs, ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace']);
  });
});
