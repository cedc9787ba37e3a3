// What a client shows the apiserver's gRPC port: the CA that must have signed
// the server's certificate (TLS exactly when given), a client certificate and
// key, a bearer token (sent as `authorization: Bearer <token>` metadata on
// every call). kubectl's --certificate-authority, --client-certificate,
// --client-key and --token.
import * as grpc from '@grpc/grpc-js';

export interface ApiCredentials {
  certificateAuthority?: Buffer;
  clientCertificate?: Buffer;
  clientKey?: Buffer;
  token?: string;
}

/** The metadata key a bearer token travels under, as the HTTP header's name. */
export const AUTHORIZATION_METADATA = 'authorization';

function bearerCallCredentials(token: string): grpc.CallCredentials {
  return grpc.credentials.createFromMetadataGenerator((_params, callback) => {
    const metadata = new grpc.Metadata();
    metadata.set(AUTHORIZATION_METADATA, `Bearer ${token}`);
    callback(null, metadata);
  });
}

/** The channel credentials of `credentials`: plaintext without a CA; TLS, with the client certificate and token if any, with one. */
export function channelCredentials(credentials: ApiCredentials = {}): grpc.ChannelCredentials {
  const { certificateAuthority, clientCertificate, clientKey, token } = credentials;
  if (!certificateAuthority) {
    if (clientCertificate || clientKey || token) {
      throw new Error('a client certificate or token needs a certificate authority: they are sent only over TLS');
    }
    return grpc.credentials.createInsecure();
  }
  if (Boolean(clientCertificate) !== Boolean(clientKey)) throw new Error('a client certificate and its key go together: give both or neither');
  const tls = grpc.credentials.createSsl(certificateAuthority, clientKey ?? null, clientCertificate ?? null);
  return token ? grpc.credentials.combineChannelCredentials(tls, bearerCallCredentials(token)) : tls;
}
