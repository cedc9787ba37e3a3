// The CPU cost of recording managed fields, apart from any I/O: what the
// apiserver adds to a pod create (an Update entry from nothing) and to the
// agent's status writes and a controller's spec writes on a pod that already
// has owners. Prints microseconds per write.
//   node dist/bench/managed-fields.js [--writes 20000]
import { parseArgs } from 'node:util';
import { readManagers, recordUpdate, rootTypeOf, writeManagers } from '../api/managed-fields/index.js';
import { defaulted, podFixture } from '../api/kinds/fixtures.js';
import { resources } from '../api/resources.js';
import type { KubeObject } from '../api/types/index.js';

const { values } = parseArgs({ options: { writes: { type: 'string', default: '20000' } } });
const WRITES = Number(values.writes);
const POD = rootTypeOf(resources.pods.schema);
const NOW = '2025-01-01T00:00:00Z';

function timed(label: string, write: (i: number) => void): void {
  for (let i = 0; i < Math.min(1000, WRITES); i++) write(i);
  const started = process.hrtime.bigint();
  for (let i = 0; i < WRITES; i++) write(i);
  const micros = Number(process.hrtime.bigint() - started) / 1e3 / WRITES;
  console.log(`${label}: ${micros.toFixed(1)} µs per write`);
}

/** What the apiserver does per write: read the stored entries, record, write them back. */
function record(before: KubeObject | undefined, after: KubeObject, manager: string, subresource: string): KubeObject {
  const managers = recordUpdate({
    type: POD,
    before,
    after,
    managers: readManagers(before?.metadata.managedFields),
    writer: { manager, operation: 'Update', apiVersion: 'v1', subresource },
    scope: subresource === 'status' ? { only: 'status' } : { without: 'status' },
    now: NOW,
  });
  return { ...after, metadata: { ...after.metadata, managedFields: writeManagers(managers) } };
}

const pod = defaulted(podFixture());
const created = record(undefined, pod, 'controller-manager', '');
const running = (i: number): KubeObject => ({
  ...created,
  status: { phase: 'Running', podIP: `10.0.0.${i % 250}`, conditions: [{ type: 'Ready', status: i % 2 ? 'True' : 'False' }] },
});
const withStatus = record(created, running(1), 'agent', 'status');

console.log(`managed fields of a pod, ${WRITES} writes each`);
timed('create (Update from nothing)', () => record(undefined, pod, 'controller-manager', ''));
timed('status write by the agent', (i) => record(withStatus, running(i), 'agent', 'status'));
timed('label change by a controller', (i) => record(withStatus, { ...withStatus, metadata: { ...withStatus.metadata, labels: { app: 'web', n: String(i) } } }, 'controller-manager', ''));
timed('unchanged write', () => record(withStatus, withStatus, 'controller-manager', ''));
