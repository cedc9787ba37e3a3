// Who asked for a certificate is the caller, never what the body claims: on
// create, spec.username, uid and groups are replaced with the authenticated
// user's (kube-apiserver's CSR PrepareForCreate). A write with no user (the
// apiserver itself, or unauthenticated gRPC) records nobody, so no approver
// can mistake it for a node's request.
import type { KubeObject } from '../../api/types/index.js';
import { isRecord } from '../../api/validation/values.js';
import { requestUser } from '../authorization/request-user.js';

export function stampRequestor(obj: KubeObject): void {
  if (!isRecord(obj.spec)) return;
  const spec = obj.spec;
  delete spec.username;
  delete spec.uid;
  delete spec.groups;
  delete spec.extra;
  const user = requestUser();
  if (!user) return;
  spec.username = user.name;
  if (user.uid) spec.uid = user.uid;
  if (user.groups.length > 0) spec.groups = [...user.groups];
}
