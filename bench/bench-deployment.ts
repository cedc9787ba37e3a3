// The Deployment the pod-start benchmarks create: `replicas` busybox pods
// running APP_COMMAND, stopped without a grace period when the run is over.
import type { Deployment } from '../api/types/index.js';
import { TEST_BUSYBOX_IMAGE } from '../testkit/processes/agent-process.js';
import { APP_COMMAND } from './raw-docker-pods.js';

export function benchDeployment(name: string, replicas: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: TEST_BUSYBOX_IMAGE, command: APP_COMMAND }] },
      },
    },
  };
}
