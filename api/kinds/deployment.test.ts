import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invalid } from '../errors.js';
import type { KubeObject } from '../types/meta.js';
import { createErrors, defaulted, deploymentFixture, statusErrors, updateErrors } from './fixtures.js';
import { deploymentStrategy } from './deployment.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function deployment(edit: (spec: Json, obj: Json) => void = () => {}): KubeObject {
  const d = deploymentFixture() as Json;
  edit(d.spec, d);
  return d as KubeObject;
}

describe('Deployment defaults', () => {
  it('fill replicas, RollingUpdate 25%/25%, history, deadline and the template', () => {
    const d = deploymentFixture() as Json;
    delete d.spec.replicas;
    const out = defaulted(d as KubeObject) as Json;
    assert.equal(out.spec.replicas, 1);
    assert.deepEqual(out.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    assert.equal(out.spec.revisionHistoryLimit, 10);
    assert.equal(out.spec.progressDeadlineSeconds, 600);
    assert.equal(out.spec.minReadySeconds, 0);
    const podSpec = out.spec.template.spec;
    assert.equal(podSpec.restartPolicy, 'Always');
    assert.equal(podSpec.terminationGracePeriodSeconds, 30);
    assert.equal(podSpec.containers[0].imagePullPolicy, 'IfNotPresent');
    // Templates get the spec defaults but not what only real pods get.
    assert.equal(podSpec.tolerations, undefined);
    assert.equal(podSpec.enableServiceLinks, undefined);
    assert.equal(out.spec.template.status, undefined);
    assert.equal(out.status, undefined);
  });

  it('keep what the user set and give Recreate no rollingUpdate', () => {
    const out = defaulted(
      deployment((s) => {
        s.replicas = 0;
        s.strategy = { type: 'Recreate' };
      }),
    ) as Json;
    assert.equal(out.spec.replicas, 0);
    assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
    const partial = defaulted(deployment((s) => (s.strategy = { rollingUpdate: { maxSurge: 1 } }))) as Json;
    assert.deepEqual(partial.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } });
  });
});

describe('Deployment validation', () => {
  it('says the selector does not match the template labels, in Kubernetes words', () => {
    const d = deployment((s) => (s.template.metadata.labels = { app: 'x' }));
    const errs = deploymentStrategy.validate(defaulted(d));
    assert.equal(
      invalid('Deployment', 'apps', 'web', errs).message,
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
    );
    assert.deepEqual(createErrors(deployment((s) => delete s.template.metadata.labels)), [
      'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
    ]);
  });

  it('matches set-based selectors against the template', () => {
    const ok = deployment((s) => (s.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }));
    assert.deepEqual(createErrors(ok), []);
  });

  it('requires a non-empty, valid selector', () => {
    assert.deepEqual(createErrors(deployment((s) => delete s.selector)), ['spec.selector: Required value']);
    assert.deepEqual(createErrors(deployment((s) => (s.selector = {}))), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
    const errs = createErrors(deployment((s) => (s.selector = { matchExpressions: [{ key: 'app', operator: 'Has' }] })));
    assert.deepEqual(errs, ['spec.selector.matchExpressions[0].operator: Invalid value: "Has": not a valid selector operator']);
    const hole = createErrors(deployment((s) => (s.selector = { matchLabels: { app: 'web' }, matchExpressions: [null] })));
    assert.deepEqual(hole, ['spec.selector.matchExpressions[0]: Invalid value: null: must be an object']);
  });

  it('only runs pods that restart Always', () => {
    assert.deepEqual(createErrors(deployment((s) => (s.template.spec.restartPolicy = 'Never'))), [
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
    assert.deepEqual(createErrors(deployment((s) => (s.template.spec.activeDeadlineSeconds = 10))), [
      'spec.template.spec.activeDeadlineSeconds: Invalid value: 10: activeDeadlineSeconds in ReplicaSet is not Supported',
    ]);
  });

  it('validates the template as a pod spec at spec.template.spec', () => {
    const errs = createErrors(
      deployment((s) => {
        s.template.spec.containers[0].image = '';
        s.template.spec.containers[0].ports = [{ containerPort: 99999 }];
        s.template.metadata.labels['bad key!'] = 'x';
      }),
    );
    assert.ok(errs.includes('spec.template.spec.containers[0].image: Required value'), errs.join('\n'));
    assert.ok(errs.includes('spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 99999: must be between 1 and 65535, inclusive'));
    assert.ok(errs.some((e) => e.startsWith('spec.template.metadata.labels: Invalid value: "bad key!"')));
  });

  it('checks replicas, strategy and timings', () => {
    assert.deepEqual(
      createErrors(
        deployment((s) => {
          s.replicas = -1;
          s.revisionHistoryLimit = -2;
          s.minReadySeconds = 700;
          s.progressDeadlineSeconds = 600;
        }),
      ),
      [
        'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
        'spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0',
        'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
      ],
    );
    assert.deepEqual(createErrors(deployment((s) => (s.strategy = { type: 'BlueGreen' }))), [
      'spec.strategy.type: Unsupported value: "BlueGreen": supported values: "Recreate", "RollingUpdate"',
    ]);
    assert.deepEqual(createErrors(deployment((s) => (s.strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } }))), [
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ]);
  });

  it('checks maxSurge and maxUnavailable', () => {
    const rolling = (ru: Json) => createErrors(deployment((s) => (s.strategy = { type: 'RollingUpdate', rollingUpdate: ru })));
    assert.deepEqual(rolling({ maxSurge: 1, maxUnavailable: 0 }), []);
    assert.deepEqual(rolling({ maxSurge: '50%', maxUnavailable: '100%' }), []);
    assert.deepEqual(rolling({ maxSurge: 0, maxUnavailable: 0 }), [
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ]);
    assert.deepEqual(rolling({ maxSurge: '0%', maxUnavailable: 0 }), [
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ]);
    assert.deepEqual(rolling({ maxSurge: -1, maxUnavailable: '110%' }), [
      'spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0',
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "110%": must not be greater than 100%',
    ]);
    assert.deepEqual(rolling({ maxSurge: '20 percent', maxUnavailable: 1 }), [
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"20 percent\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
  });

  it('lists every problem of a thoroughly wrong manifest', () => {
    const errs = createErrors(
      deployment((s, d) => {
        d.metadata.name = 'Web_App';
        s.replicas = -3;
        s.template.metadata.labels = { app: 'other' };
        s.template.spec.restartPolicy = 'OnFailure';
        s.template.spec.containers[0].name = 'Web';
        s.template.spec.containers[0].image = '';
        s.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } };
      }),
    );
    assert.equal(errs.length, 7, errs.join('\n'));
  });
});

describe('Deployment updates', () => {
  it('allow template and replica changes', () => {
    const old = defaulted(deploymentFixture());
    const next = structuredClone(old) as Json;
    next.spec.replicas = 5;
    next.spec.template.spec.containers[0].image = 'nginx:1.26';
    next.spec.template.metadata.labels.version = 'v2';
    assert.deepEqual(updateErrors(next as KubeObject, old), []);
  });

  it('keep the selector, as apps/v1 does', () => {
    const old = defaulted(deploymentFixture());
    const next = structuredClone(old) as Json;
    next.spec.selector = { matchLabels: { app: 'web2' } };
    next.spec.template.metadata.labels = { app: 'web2' };
    assert.deepEqual(updateErrors(next as KubeObject, old), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });
});

describe('Deployment status', () => {
  it('checks counts', () => {
    const old = defaulted(deploymentFixture());
    const next = structuredClone(old) as Json;
    next.status = { replicas: 2, readyReplicas: 3, availableReplicas: 3, updatedReplicas: -1, collisionCount: 0 };
    assert.deepEqual(statusErrors(next as KubeObject, old), [
      'status.updatedReplicas: Invalid value: -1: must be greater than or equal to 0',
      'status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas',
    ]);
    const ok = structuredClone(old) as Json;
    ok.status = { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 1, unavailableReplicas: 2 };
    assert.deepEqual(statusErrors(ok as KubeObject, old), []);
  });

  it('never lowers collisionCount', () => {
    const old = defaulted(deploymentFixture()) as Json;
    old.status = { collisionCount: 2 };
    const next = structuredClone(old);
    next.status.collisionCount = 1;
    assert.deepEqual(statusErrors(next as KubeObject, old as KubeObject), ['status.collisionCount: Invalid value: 1: cannot be decremented']);
  });
});
