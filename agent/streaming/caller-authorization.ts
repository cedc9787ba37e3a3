// Who may use the agent's API. The kubelet asks the apiserver (a
// SubjectAccessReview) whether a caller may reach nodes/proxy; the agent
// cannot do that cheaply for every call, so it keeps the honest minimum: an
// explicit allow-list of users, by the CN of a certificate the client CA
// signed. Groups grant nothing here: system:masters is also the admin's group,
// and a node's own certificate (system:node:<name>, system:nodes) must never
// reach another node's pods, so only the listed users, by default the
// apiserver's kubelet-client identity, get through.
import * as grpc from '@grpc/grpc-js';
import { allowUsers, checkClientCertificate, type IdentityAuthorizer } from '../../client/client-certificate-check.js';
import { toServiceError } from '../../client/grpc-status.js';

/** The apiserver's identity towards agents (kubeadm's apiserver-kubelet-client certificate). */
export const DEFAULT_AUTHORIZED_CLIENT_USERS: readonly string[] = ['kube-apiserver-kubelet-client'];
export const AUTHORIZED_CLIENT_USERS_FLAG = '--authorized-client-users';

export function agentApiAuthorizer(users: readonly string[]): IdentityAuthorizer {
  return allowUsers(users, AUTHORIZED_CLIENT_USERS_FLAG);
}

/**
 * Refuses a call before any handler runs unless its connection's certificate
 * passes `authorize`: UNAUTHENTICATED without a verified certificate (grpc-js
 * reports one only once TLS verified it), PERMISSION_DENIED for an identity
 * not allowed.
 */
export function callerAuthorization(authorize: IdentityAuthorizer): grpc.ServerInterceptor {
  return (method, call) => {
    // The handler runs once metadata is through, so stopping here keeps a refused call from ever starting.
    const listener = new grpc.ServerListenerBuilder()
      .withOnReceiveMetadata((metadata, next) => {
        const peer = call.getAuthContext().sslPeerCertificate;
        const refusal = checkClientCertificate({ verified: peer !== undefined, cert: peer }, method.path, authorize);
        if (!refusal) {
          next(metadata);
          return;
        }
        const status = toServiceError(refusal);
        call.sendStatus({ code: status.code ?? grpc.status.PERMISSION_DENIED, details: status.details ?? refusal.message, metadata: status.metadata ?? null });
      })
      .build();
    const responder = new grpc.ResponderBuilder().withStart((next) => next(listener)).build();
    return new grpc.ServerInterceptingCall(call, responder);
  };
}
