// v1 ServiceAccount, the identity pods run as, and the authentication.k8s.io/v1
// TokenRequest its `token` subresource answers with a signed token.
import type { KubeObject } from './meta.js';

export interface ServiceAccountSecretReference {
  name?: string;
  namespace?: string;
  kind?: string;
  apiVersion?: string;
  uid?: string;
  [key: string]: unknown;
}

export interface ServiceAccount extends KubeObject {
  apiVersion: 'v1';
  kind: 'ServiceAccount';
  secrets?: ServiceAccountSecretReference[];
  imagePullSecrets?: { name?: string }[];
  /** False: pods running as this account get no token volume unless they ask for one. */
  automountServiceAccountToken?: boolean;
}

/** The object a token is bound to: it stops authenticating once that object is gone. */
export interface BoundObjectReference {
  kind?: string;
  apiVersion?: string;
  name?: string;
  uid?: string;
}

export interface TokenRequestSpec {
  audiences: string[];
  expirationSeconds?: number;
  boundObjectRef?: BoundObjectReference | null;
}

export interface TokenRequest extends KubeObject {
  apiVersion: 'authentication.k8s.io/v1';
  kind: 'TokenRequest';
  spec: TokenRequestSpec;
  status?: { token: string; expirationTimestamp: string };
}
