import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment } from '../api/types/apps.js';
import { buildExposedService, buildService } from './service-generators.js';

const DEPLOYMENT: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }, { containerPort: 443 }] }] } },
  },
};

describe('service generators', () => {
  it('create service nodeport builds what kubectl sends', () => {
    assert.deepEqual(buildService({ name: 'np', type: 'NodePort', tcp: ['80:8080'], nodePort: 30080 }), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'np', labels: { app: 'np' } },
      spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }], selector: { app: 'np' }, type: 'NodePort' },
    });
  });

  it('expose takes the selector, labels and --port, or every container port named port-N', () => {
    const one = buildExposedService(DEPLOYMENT, { port: 8080, targetPort: 'http', protocol: 'TCP' });
    assert.deepEqual(one.metadata, { name: 'web', labels: { app: 'web', tier: 'front' } });
    assert.deepEqual(one.spec, { ports: [{ port: 8080, protocol: 'TCP', targetPort: 'http' }], selector: { app: 'web' } });
    const all = buildExposedService(DEPLOYMENT, { protocol: 'TCP', type: 'NodePort', name: 'web-np' });
    assert.deepEqual(all.spec?.ports?.map((p) => [p.name, p.port, p.targetPort]), [
      ['port-1', 80, 80],
      ['port-2', 443, 443],
    ]);
    assert.equal(all.spec?.type, 'NodePort');
  });
});
