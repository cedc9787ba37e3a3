// Minimal valid objects for integration tests.
import type { Pod } from '../../api/types/index.js';

export function testPod(name: string, namespace: string, labels: Record<string, string> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] },
  } as Pod;
}
