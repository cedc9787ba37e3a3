import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../types/meta.js';
import { certificateSigningRequestFixture } from './fixtures.js';
import { certificateSigningRequestStrategy as strategy, csrApprovalSubresource } from './certificatesigningrequest.js';

/** A self-signed EC certificate made with openssl: any well-formed one will do for status.certificate. */
const CERT_BASE64 = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJjekNDQVJtZ0F3SUJBZ0lVS3dXZ0RXRUY5cklxTDFrYk0vTnVsdHliSnI0d0NnWUlLb1pJemowRUF3SXcKRHpFTk1Bc0dBMVVFQXd3RWRHVnpkREFlRncweU5qRXlNRFV3TlRBMk1EZGFGdzB6TmpFeU1ESXdOVEEyTURkYQpNQTh4RFRBTEJnTlZCQU1NQkhSbGMzUXdXVEFUQmdjcWhrak9QUUlCQmdncWhrak9QUU1CQndOQ0FBUm9SUEdyCm5DWGxPZGwxKy9vajlSZm5lb21jTGRFNDFDZGhHbXdmeE9vcDAwTWNoQnZhbHkvTmhJSjI4WklmRVdrK1B1SWoKZE1yRGZHY3pxOWlqdk5OWG8xTXdVVEFkQmdOVkhRNEVGZ1FVSDR4VnJnSCtTVDB4bkdwdm5WaG90dDYwWnBJdwpId1lEVlIwakJCZ3dGb0FVSDR4VnJnSCtTVDB4bkdwdm5WaG90dDYwWnBJd0R3WURWUjBUQVFIL0JBVXdBd0VCCi96QUtCZ2dxaGtqT1BRUURBZ05JQURCRkFpQUJTY0xyZmJSZUlndGQ2dkpFTmJpc29Rem5DdTVIbUJZOFZucnEKdG5jY09BSWhBTmxld2NKY3BOdFdjSldwT1EyaGhUVTI3enlSUjlVNG9QRUZGM1ViLzZURQotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==';

const approved = { type: 'Approved', status: 'True', reason: 'AutoApproved' };
const fields = (obj: KubeObject): string[] => strategy.validate(obj).map((e) => `${e.field}: ${e.detail ?? e.type}`);

function withSpec(patch: Record<string, unknown>): KubeObject {
  const csr = certificateSigningRequestFixture();
  csr.spec = { ...(csr.spec as Record<string, unknown>), ...patch };
  return csr;
}

describe('CertificateSigningRequest validation', () => {
  it('accepts a node client request', () => {
    assert.deepEqual(fields(certificateSigningRequestFixture()), []);
  });

  it('refuses a request that is not a PEM CERTIFICATE REQUEST', () => {
    const notCsr = Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n').toString('base64');
    assert.deepEqual(fields(withSpec({ request: notCsr })), ['spec.request: PEM block type must be CERTIFICATE REQUEST']);
    assert.deepEqual(fields(withSpec({ request: '' })), ['spec.request: Required']);
  });

  it('refuses the legacy signer, unqualified signers, unknown or repeated usages and short durations', () => {
    assert.match(fields(withSpec({ signerName: 'kubernetes.io/legacy-unknown' })).join(), /legacy signerName is not allowed/);
    assert.match(fields(withSpec({ signerName: 'nodomain' })).join(), /fully qualified domain and path/);
    assert.match(fields(withSpec({ usages: ['client auth', 'client auth'] })).join(), /spec.usages\[1\]/);
    assert.match(fields(withSpec({ usages: ['flying'] })).join(), /spec.usages\[0\]/);
    assert.match(fields(withSpec({ usages: [] })).join(), /spec.usages: Required/);
    assert.match(fields(withSpec({ expirationSeconds: 60 })).join(), /less than 600 seconds/);
  });
});

describe('CertificateSigningRequest writes', () => {
  it('keeps spec on a main update', () => {
    const old = certificateSigningRequestFixture();
    const next = withSpec({ signerName: 'example.com/other', username: 'mallory' });
    strategy.prepareForUpdate?.(next, old);
    assert.deepEqual(next.spec, old.spec);
  });

  it('the approval subresource changes only the Approved and Denied conditions', () => {
    const stored = { ...certificateSigningRequestFixture(), status: { conditions: [{ type: 'Failed', status: 'True' }] } };
    const incoming = { ...stored, status: { certificate: CERT_BASE64, conditions: [approved, { type: 'Failed', status: 'False' }] } };
    assert.deepEqual(csrApprovalSubresource.mergeStatus(stored, incoming), { conditions: [{ type: 'Failed', status: 'True' }, approved] });
  });

  it('an approval may not be taken back, nor joined by a denial', () => {
    const old = { ...certificateSigningRequestFixture(), status: { conditions: [approved] } };
    const removed = { ...old, status: {} };
    assert.match(JSON.stringify(csrApprovalSubresource.validate(removed, old)), /may not remove a condition of type \\"Approved\\"/);
    const both = { ...old, status: { conditions: [approved, { type: 'Denied', status: 'True' }] } };
    assert.match(JSON.stringify(csrApprovalSubresource.validate(both, old)), /mutually exclusive/);
  });

  it('a status write cannot approve, and sets the certificate only once after approval', () => {
    const pending = certificateSigningRequestFixture();
    const selfApproved = { ...pending, status: { conditions: [approved], certificate: CERT_BASE64 } };
    strategy.prepareForStatusUpdate?.(selfApproved, pending);
    assert.deepEqual(selfApproved.status, { certificate: CERT_BASE64 });
    assert.match(JSON.stringify(strategy.validateStatusUpdate(selfApproved, pending)), /only be set when the Approved condition is present/);

    const wasApproved = { ...pending, status: { conditions: [approved] } };
    const issued = { ...wasApproved, status: { conditions: [approved], certificate: CERT_BASE64 } };
    assert.deepEqual(strategy.validateStatusUpdate(issued, wasApproved), []);
    const changed = { ...issued, status: { conditions: [approved], certificate: Buffer.from('x').toString('base64') } };
    assert.match(JSON.stringify(strategy.validateStatusUpdate(changed, issued)), /may not modify existing certificate content/);
  });
});
