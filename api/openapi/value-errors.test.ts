import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../errors.js';
import { deploymentKind } from '../kinds/deployment.js';
import { podKind } from '../kinds/pod.js';
import { ref } from './builders.js';
import type { KindSchema } from './schema.js';
import { MAX_VALUE_ERRORS, schemaValueErrors } from './value-errors.js';

function errorsOf(schema: KindSchema, value: unknown): string[] {
  return schemaValueErrors(value, ref(schema.root), schema.components).map(formatFieldError);
}

test('an int32 one past its range is refused with Kubernetes’ wording; the bounds themselves pass', () => {
  const schema = deploymentKind.schema;
  assert.deepEqual(errorsOf(schema, { spec: { replicas: 2147483648 } }), [
    'spec.replicas: Invalid value: 2147483648: must be less than or equal to 2147483647',
  ]);
  assert.deepEqual(errorsOf(schema, { spec: { replicas: -2147483649 } }), [
    'spec.replicas: Invalid value: -2147483649: must be greater than or equal to -2147483648',
  ]);
  assert.deepEqual(errorsOf(schema, { spec: { replicas: 2147483647, minReadySeconds: -2147483648 } }), []);
});

test('non-integers and wrong types are named by their full path', () => {
  const pod = {
    metadata: { name: 'p', labels: { a: 1 } },
    spec: {
      terminationGracePeriodSeconds: 1.5,
      containers: [{ name: 'c', image: 7, ports: [{ containerPort: '80' }], resources: { limits: { cpu: 0.5, memory: true } } }],
      hostNetwork: 'yes',
      tolerations: {},
    },
  };
  assert.deepEqual(errorsOf(podKind.schema, pod).sort(), [
    'metadata.labels[a]: Invalid value: 1: must be a string',
    'spec.containers[0].image: Invalid value: 7: must be a string',
    'spec.containers[0].ports[0].containerPort: Invalid value: "80": must be an integer',
    'spec.containers[0].resources.limits[memory]: Invalid value: true: must be a string or a number',
    'spec.hostNetwork: Invalid value: "yes": must be a boolean',
    'spec.terminationGracePeriodSeconds: Invalid value: 1.5: must be an integer',
    'spec.tolerations: Invalid value: {}: must be a list',
  ]);
});

test('null is absence, undeclared members are not checked, int-or-string holds an int32 or a string', () => {
  const d = { spec: { replicas: null, extra: 'x', strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 2147483648 } } } };
  assert.deepEqual(errorsOf(deploymentKind.schema, d), [
    'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 2147483648: must be less than or equal to 2147483647',
  ]);
});

test('int64 fields take what a double holds up to 2^63, and the error list is bounded', () => {
  assert.deepEqual(errorsOf(podKind.schema, { metadata: { generation: 2 ** 62 } }), []);
  assert.match(errorsOf(podKind.schema, { metadata: { generation: 2 ** 63 } })[0], /must be less than or equal to 9223372036854775807/);
  const many = { spec: { containers: Array.from({ length: 1000 }, () => ({ name: 1 })) } };
  assert.equal(errorsOf(podKind.schema, many).length, MAX_VALUE_ERRORS);
});
