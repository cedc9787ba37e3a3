// The door of the gRPC port: who is calling (client certificate or bearer
// token, through the same authenticator chain as the HTTPS API) and whether
// they may do what the call asks (the same authorizer, on the attributes the
// same request would have over HTTP). Refusals carry kube-apiserver's words:
// Unauthorized, or the Forbidden message the HTTPS API gives.
import { AUTHORIZATION_METADATA_KEY } from '../../client/api-credentials.js';
import type * as grpc from '@grpc/grpc-js';
import { unauthorized } from '../../api/errors.js';
import type { Logger } from '../../client/logger.js';
import type { Authenticator } from '../http/authenticator.js';
import type { Authorizer, ResourceAttributes, UserInfo } from '../authorization/attributes.js';
import { forbiddenError } from '../authorization/forbidden-message.js';
import type { ClientCertificateVerifier } from '../authentication/client-certificates.js';
import { presentedCredentials } from '../authentication/presented-credentials.js';
import { ANONYMOUS_USER } from '../authentication/anonymous.js';
import { callAttributes, type ApiMethod } from './call-attributes.js';

export interface CallGateOptions {
  authenticator: Authenticator;
  /** Absent: every authenticated caller may do everything (AlwaysAllow). */
  authorizer?: Authorizer;
  /** Verifies client certificates (--client-ca-file); absent, certificates identify nobody. */
  clientCertificates?: ClientCertificateVerifier;
  log: Logger;
}

/** Only what the gate reads of a call, so tests can hand it a plain object. */
export type GatedCall = Pick<grpc.ServerUnaryCall<unknown, unknown>, 'metadata' | 'getAuthContext'>;

export interface Admission {
  user: UserInfo;
  attributes: ResourceAttributes;
}

/** A refusal with what is known of the call, for the audit log. */
export class CallRefused extends Error {
  constructor(
    readonly error: Error,
    readonly attributes: ResourceAttributes,
  ) {
    super(error.message);
  }
}

export class CallGate {
  constructor(private readonly options: CallGateOptions) {}

  /** The caller and what they do, once allowed; CallRefused (wrapping an ApiError) otherwise. */
  async admit(method: ApiMethod, call: GatedCall, request: unknown): Promise<Admission> {
    let attributes = callAttributes(method, request, ANONYMOUS_USER);
    try {
      const user = await this.authenticate(call);
      attributes = { ...attributes, user };
      const decision = this.options.authorizer?.authorize(attributes);
      if (decision && !decision.allowed) throw forbiddenError(attributes, decision.reason);
      return { user, attributes };
    } catch (err) {
      throw new CallRefused(err instanceof Error ? err : new Error(String(err)), attributes);
    }
  }

  private async authenticate(call: GatedCall): Promise<UserInfo> {
    const presented = {
      authorization: call.metadata.get(AUTHORIZATION_METADATA_KEY)[0],
      peerCertificate: call.getAuthContext()?.sslPeerCertificate?.raw,
    };
    const credentials = presentedCredentials(presented, this.options.clientCertificates, this.options.log);
    const user = await this.options.authenticator.authenticate(credentials);
    if (!user) throw unauthorized();
    return user;
  }
}
