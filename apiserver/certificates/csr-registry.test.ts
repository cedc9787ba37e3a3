// CertificateSigningRequests through the registry: the requestor comes from
// the caller, approval goes only through the approval subresource (PUT or
// patch), and the signer's status write cannot approve.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { certificateSigningRequestFixture } from '../../api/kinds/fixtures.js';
import { resources } from '../../api/resources.js';
import type { CertificateSigningRequest } from '../../api/types/index.js';
import { runAs } from '../authorization/request-user.js';
import { harness } from '../registry/registry-fixtures.js';

const CSRS = resources.certificateSigningRequests;
const NODE = { name: 'system:bootstrap:abcdef', uid: '', groups: ['system:bootstrappers', 'system:authenticated'] };
const approved = { type: 'Approved', status: 'True' as const, reason: 'KubectlApprove' };

function body(): CertificateSigningRequest {
  const csr = certificateSigningRequestFixture() as CertificateSigningRequest;
  csr.spec = { ...csr.spec, username: 'system:node:someone-else', groups: ['system:masters'] };
  csr.status = { conditions: [approved] };
  return csr;
}

describe('CertificateSigningRequests in the registry', () => {
  it('stamps the requesting user over whatever the body claims, and starts with an empty status', async () => {
    const { registry } = await harness();
    const created = (await runAs(NODE, () => registry.create(CSRS, '', JSON.stringify(body())))) as CertificateSigningRequest;
    assert.equal(created.spec.username, NODE.name);
    assert.deepEqual(created.spec.groups, NODE.groups);
    assert.deepEqual(created.status, {});
    const anonymous = (await registry.create(CSRS, '', JSON.stringify({ ...body(), metadata: { name: 'from-nobody' } }))) as CertificateSigningRequest;
    assert.equal(anonymous.spec.username, undefined);
  });

  it('approves through the approval subresource only; a status write keeps its hands off the conditions', async () => {
    const { registry } = await harness();
    const created = (await registry.create(CSRS, '', JSON.stringify(body()))) as CertificateSigningRequest;
    const selfApproved = (await registry.updateStatus(CSRS, '', JSON.stringify({ ...created, status: { conditions: [approved] } }))) as CertificateSigningRequest;
    assert.equal(selfApproved.status?.conditions, undefined);
    const viaApproval = (await registry.updateStatusSlice(CSRS, '', 'approval', JSON.stringify({ ...created, spec: { ...created.spec, signerName: 'example.com/x' }, status: { conditions: [approved] } }))) as CertificateSigningRequest;
    assert.deepEqual(viaApproval.status?.conditions, [approved]);
    assert.equal(viaApproval.spec.signerName, created.spec.signerName);
  });

  it('patches the approval conditions, and refuses Denied beside Approved', async () => {
    const { registry } = await harness();
    await registry.create(CSRS, '', JSON.stringify(body()));
    const name = body().metadata.name ?? '';
    const patched = (await registry.patchStatusSlice(CSRS, '', name, 'approval', 'MERGE', JSON.stringify({ status: { conditions: [approved] } }))) as CertificateSigningRequest;
    assert.deepEqual(patched.status?.conditions, [approved]);
    const denied = JSON.stringify({ status: { conditions: [approved, { type: 'Denied', status: 'True' }] } });
    await assert.rejects(registry.patchStatusSlice(CSRS, '', name, 'approval', 'MERGE', denied), (err) => isApiError(err, 'Invalid') && /mutually exclusive/.test(err.message));
    await assert.rejects(registry.updateStatusSlice(CSRS, '', 'scale', JSON.stringify(patched)), (err) => isApiError(err, 'NotFound'));
  });
});
