// Services through flotctl and the real apiserver: create service, expose,
// get svc and endpoints with kubectl's columns, a taken ClusterIP refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resources } from '../../api/resources.js';
import { flotctl } from '../../testkit/processes/flotctl-process.js';
import { useControlPlane } from '../../testkit/processes/use-control-plane.js';

const env = useControlPlane({}, {});

async function ok(args: string[]): Promise<string> {
  const res = await flotctl(env.address, args);
  assert.equal(res.code, 0, `flotctl ${args.join(' ')}: ${res.stderr}`);
  return res.stdout;
}

test('create service nodeport and clusterip, then get svc prints them as kubectl does', async () => {
  assert.equal(await ok(['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080']), 'service/np created\n');
  assert.equal(await ok(['create', 'service', 'clusterip', 'cip', '--tcp=5678:8080']), 'service/cip created\n');
  const cip = await env.client.get(resources.services, 'default', 'cip');
  const table = await ok(['get', 'svc']);
  assert.match(table, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\n/);
  assert.match(table, new RegExp(`\\ncip\\s+ClusterIP\\s+${cip.spec?.clusterIP?.replace(/\./g, '\\.')}\\s+<none>\\s+5678/TCP\\s+\\S+\\n`));
  assert.match(table, /\nkubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+\S+\n/);
  assert.match(table, /\nnp\s+NodePort\s+\S+\s+<none>\s+80:30080\/TCP\s+\S+\n/);
  await env.client.create(resources.endpoints, {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'manual', namespace: 'default' },
    subsets: [{ addresses: ['10.1.0.1', '10.1.0.2', '10.1.0.3', '10.1.0.4'].map((ip) => ({ ip })), ports: [{ port: 80, protocol: 'TCP' }] }],
  });
  assert.match(await ok(['get', 'ep', 'manual']), /^NAME\s+ENDPOINTS\s+AGE\nmanual\s+10\.1\.0\.1:80,10\.1\.0\.2:80,10\.1\.0\.3:80 \+ 1 more\.\.\.\s+\S+\n$/);
});

test('expose a deployment; a taken ClusterIP is refused naming the field', async () => {
  await env.client.create(resources.deployments, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] } },
    },
  });
  assert.equal(await ok(['expose', 'deployment', 'web', '--port=8080', '--target-port=80']), 'service/web exposed\n');
  const web = await env.client.get(resources.services, 'default', 'web');
  assert.deepEqual(web.spec?.selector, { app: 'web' });
  assert.deepEqual(web.spec?.ports?.map((p) => [p.port, p.targetPort]), [[8080, 80]]);
  const taken = await flotctl(env.address, ['create', 'service', 'clusterip', 'again', '--tcp=80', `--clusterip=${web.spec?.clusterIP}`]);
  assert.notEqual(taken.code, 0);
  assert.match(taken.stderr, /Service "again" is invalid: spec\.clusterIPs: Invalid value: \[\]string\{"[\d.]+"\}: failed to allocate IP [\d.]+: provided IP is already allocated/);
});
