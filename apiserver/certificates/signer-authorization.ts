// Kubernetes' CertificateApproval and CertificateSigning admission: whoever
// changes a CSR's Approved or Denied condition must hold `approve`, and whoever
// sets its certificate `sign`, on the `signers` resource of certificates.k8s.io
// named after the CSR's signer (or its `<domain>/*`). So a right to the approval
// subresource alone approves nothing. Runs as a write hook on the final object;
// writes with no request user (the apiserver itself) are not checked.
import { forbidden } from '../../api/errors.js';
import { APPROVAL_CONDITIONS, CERTIFICATES_GROUP } from '../../api/certificates/names.js';
import type { KubeObject } from '../../api/types/index.js';
import type { CertificateSigningRequest } from '../../api/types/certificates.js';
import { serializedEqual } from '../../api/json-value.js';
import type { Authorizer, UserInfo } from '../authorization/attributes.js';
import { requestUser } from '../authorization/request-user.js';
import type { KindWriteHook } from '../registry/context.js';
import { NO_SIDE_KEYS } from '../registry/write-hooks.js';

const SIGNERS = 'signers';

function approvalConditions(obj: KubeObject | undefined): unknown[] {
  const conditions = (obj as CertificateSigningRequest | undefined)?.status?.conditions ?? [];
  return conditions.filter((c) => APPROVAL_CONDITIONS.includes(c.type));
}

function certificateOf(obj: KubeObject | undefined): string {
  return (obj as CertificateSigningRequest | undefined)?.status?.certificate ?? '';
}

/** `approve` or `sign` on the signer by name, or on every signer of its domain. */
export function mayActForSigner(authorizer: Authorizer, user: UserInfo, verb: 'approve' | 'sign', signerName: string): boolean {
  const slash = signerName.indexOf('/');
  const names = slash > 0 ? [signerName, `${signerName.slice(0, slash)}/*`] : [signerName];
  return names.some(
    (name) => authorizer.authorize({ kind: 'resource', user, verb, apiGroup: CERTIFICATES_GROUP, apiVersion: 'v1', resource: SIGNERS, subresource: '', namespace: '', name }).allowed,
  );
}

export function signerAuthorizationHook(authorizer: Authorizer): KindWriteHook {
  return {
    async prepare(_ctx, next, old) {
      const user = requestUser();
      if (!user) return NO_SIDE_KEYS;
      const csr = next as CertificateSigningRequest;
      const signer = csr.spec?.signerName ?? '';
      const name = csr.metadata.name ?? '';
      if (!serializedEqual(approvalConditions(next), approvalConditions(old)) && !mayActForSigner(authorizer, user, 'approve', signer)) {
        throw forbidden('certificatesigningrequests', name, `user not permitted to approve requests with signerName "${signer}"`, CERTIFICATES_GROUP);
      }
      if (certificateOf(next) !== certificateOf(old) && !mayActForSigner(authorizer, user, 'sign', signer)) {
        throw forbidden('certificatesigningrequests', name, `user not permitted to sign requests with signerName "${signer}"`, CERTIFICATES_GROUP);
      }
      return NO_SIDE_KEYS;
    },
    released() {
      return NO_SIDE_KEYS;
    },
  };
}
