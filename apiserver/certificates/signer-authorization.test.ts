import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiError } from '../../api/errors.js';
import { certificateSigningRequestFixture } from '../../api/kinds/fixtures.js';
import type { KubeObject } from '../../api/types/index.js';
import type { Attributes, Authorizer } from '../authorization/attributes.js';
import { runAs } from '../authorization/request-user.js';
import type { RegistryContext } from '../registry/context.js';
import { signerAuthorizationHook } from './signer-authorization.js';

/** Allows exactly the `verb signers/name` pairs given. */
function authorizer(allowed: string[]): Authorizer & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    authorize(attrs: Attributes) {
      const said = attrs.kind === 'resource' ? `${attrs.verb} ${attrs.resource}/${attrs.name}` : '';
      asked.push(said);
      return { allowed: allowed.includes(said), reason: '' };
    },
  } as Authorizer & { asked: string[] };
}

const user = { name: 'jane', uid: '', groups: [] };
const ctx = {} as RegistryContext;
const pending = certificateSigningRequestFixture();
const withStatus = (status: Record<string, unknown>): KubeObject => ({ ...pending, status });
const approved = withStatus({ conditions: [{ type: 'Approved', status: 'True' }] });

describe('signer authorization of CSR writes', () => {
  it('approving needs approve on the signer, by name or by domain', async () => {
    const refused = signerAuthorizationHook(authorizer([]));
    await assert.rejects(
      runAs(user, () => refused.prepare(ctx, approved, pending)),
      (err) => isApiError(err, 'Forbidden') && /not permitted to approve requests with signerName "kubernetes.io\/kube-apiserver-client-kubelet"/.test(err.message),
    );
    const byDomain = authorizer(['approve signers/kubernetes.io/*']);
    await runAs(user, () => signerAuthorizationHook(byDomain).prepare(ctx, approved, pending));
    assert.deepEqual(byDomain.asked, ['approve signers/kubernetes.io/kube-apiserver-client-kubelet', 'approve signers/kubernetes.io/*']);
  });

  it('setting the certificate needs sign; other writes and writes without a user need nothing', async () => {
    const issued = withStatus({ conditions: [{ type: 'Approved', status: 'True' }], certificate: 'Y2VydA==' });
    await assert.rejects(runAs(user, () => signerAuthorizationHook(authorizer([])).prepare(ctx, issued, approved)), (err) => isApiError(err, 'Forbidden') && /sign requests/.test(err.message));
    await runAs(user, () => signerAuthorizationHook(authorizer(['sign signers/kubernetes.io/kube-apiserver-client-kubelet'])).prepare(ctx, issued, approved));
    const none = authorizer([]);
    await runAs(user, () => signerAuthorizationHook(none).prepare(ctx, { ...pending, metadata: { ...pending.metadata, labels: { a: 'b' } } }, pending));
    await signerAuthorizationHook(none).prepare(ctx, issued, pending);
    assert.deepEqual(none.asked, []);
  });
});
