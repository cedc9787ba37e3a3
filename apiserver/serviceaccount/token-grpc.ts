// The gRPC face of serviceaccounts/<name>/token, for components (the agent
// asks for its pods' tokens here). Without signing keys the apiserver issues
// no tokens and says so.
import type * as grpc from '@grpc/grpc-js';
import { ApiError } from '../../api/errors.js';
import { toServiceError } from '../../client/grpc-status.js';
import type { ObjectReply } from '../../proto/generated/flotilla/v1/ObjectReply.js';
import type { TokenRequestCall__Output } from '../../proto/generated/flotilla/v1/TokenRequestCall.js';
import { parseJson } from '../registry/request-body.js';
import type { TokenIssuer } from './token-issuer.js';

export function createTokenHandler(issuer: TokenIssuer | undefined): grpc.handleUnaryCall<TokenRequestCall__Output, ObjectReply> {
  return (call, callback) => {
    const answer = async (): Promise<ObjectReply> => {
      if (!issuer) throw new ApiError('ServiceUnavailable', 'this apiserver issues no service-account tokens: it was started without --service-account-signing-key-file');
      const { namespace, name, tokenRequestJson } = call.request;
      return { objectJson: JSON.stringify(await issuer.request(namespace, name, parseJson(tokenRequestJson || '{}', 'TokenRequest'))) };
    };
    answer().then(
      (reply) => callback(null, reply),
      (err: unknown) => callback(toServiceError(err)),
    );
  };
}
