// csrapproving over a fake apiserver: a node's own serving request is approved
// only with approveKubeletServing, judged against the Node in the cache.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csrObject, newKeyAndRequest, nodeSubject, type AltNames } from '../../api/certificates/key-request.js';
import { KUBELET_SERVING_SIGNER } from '../../api/certificates/names.js';
import { resources } from '../../api/resources.js';
import type { CertificateSigningRequest, Node } from '../../api/types/index.js';
import { FakeApiClient } from '../../testkit/fakes/fake-api-client.js';
import { fakeControllerContext, startInformers } from '../common/controller-fixtures.js';
import { CsrApprovingController, type CsrApprovingOptions } from './csr-approving-controller.js';

const NODE: Node = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'n9' },
  status: { addresses: [{ type: 'InternalIP', address: '10.0.0.9' }, { type: 'Hostname', address: 'host-n9' }] },
};

async function servingCsr(name: string, names: AltNames, username = 'system:node:n9'): Promise<CertificateSigningRequest> {
  const { requestPem } = await newKeyAndRequest(nodeSubject('n9'), names);
  const csr = csrObject(name, requestPem, KUBELET_SERVING_SIGNER, ['digital signature', 'server auth']);
  return { ...csr, spec: { ...csr.spec, username, groups: ['system:nodes', 'system:authenticated'] } };
}

/** The approval conditions of each CSR after one sync each. */
async function approvals(opts: CsrApprovingOptions, csrs: CertificateSigningRequest[]): Promise<Record<string, string[]>> {
  const fake = new FakeApiClient();
  fake.seed(resources.nodes, NODE);
  for (const csr of csrs) fake.seed(resources.certificateSigningRequests, csr);
  const ctx = fakeControllerContext(fake);
  const controller = new CsrApprovingController(ctx, opts);
  await startInformers(ctx);
  try {
    for (const csr of csrs) await controller.sync(csr.metadata.name!);
  } finally {
    await ctx.factory.stop();
  }
  const out: Record<string, string[]> = {};
  for (const csr of csrs) {
    const stored = fake.objects.get('certificatesigningrequests')?.get(csr.metadata.name!) as CertificateSigningRequest;
    out[csr.metadata.name!] = (stored.status?.conditions ?? []).map((c) => `${c.type}/${c.reason}`);
  }
  return out;
}

describe('csrapproving and kubelet-serving requests', () => {
  it('leaves every serving request for a person by default, as Kubernetes does', async () => {
    const own = await servingCsr('own', { dns: ['n9', 'host-n9'], ips: ['10.0.0.9'] });
    assert.deepEqual(await approvals({}, [own]), { own: [] });
  });

  it('with approveKubeletServing approves only the node\'s own request for its own names and addresses', async () => {
    const csrs = [
      await servingCsr('own', { dns: ['n9', 'host-n9'], ips: ['10.0.0.9'] }),
      await servingCsr('foreign-ip', { dns: ['n9'], ips: ['10.0.0.8'] }),
      await servingCsr('foreign-dns', { dns: ['kubernetes.default.svc'] }),
      await servingCsr('by-another-node', { ips: ['10.0.0.9'] }, 'system:node:n8'),
    ];
    assert.deepEqual(await approvals({ approveKubeletServing: true }, csrs), {
      own: ['Approved/AutoApproved'],
      'foreign-ip': [],
      'foreign-dns': [],
      'by-another-node': [],
    });
  });
});
