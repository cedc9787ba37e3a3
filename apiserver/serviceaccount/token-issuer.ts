// Issues service-account tokens and recognises them again: the TokenRequest
// subresource signs a token for an account that exists (bound to a pod of
// that account when asked), and the authenticator accepts a token only while
// its signature, issuer, audience and lifetime hold and the account and pod it
// names still exist with the same uid, as kube-apiserver's bound tokens.
import type { KeyObject } from 'node:crypto';
import { badRequest, conflict, isApiError } from '../../api/errors.js';
import { resources, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject, Pod, ServiceAccount, TokenRequest } from '../../api/types/index.js';
import type { AdmissionRequest } from '../registry/admission/attributes.js';
import { signJwt, verifyJwt } from './jwt.js';
import { buildClaims, checkClaims, type KubernetesClaim, type NamedUid } from './token-claims.js';
import { parseTokenRequest, tokenRequestReply } from './token-request.js';

/** Reads objects as the registry stores them; NotFound when absent. */
export interface ObjectReader {
  get(info: ResourceInfo, namespace: string, name: string): Promise<KubeObject>;
}

export interface TokenIssuerOptions {
  /** The first signs new tokens; all are accepted. */
  issuers: readonly string[];
  /** What a token must be for to be accepted here, and what a request without audiences gets. */
  audiences: readonly string[];
  signingKey: KeyObject;
  verifyingKeys: readonly KeyObject[];
  now: () => number;
  /** Validating admission of the request (NodeRestriction); refuses by throwing. */
  admit?: (request: AdmissionRequest) => Promise<void>;
}

const MS_PER_SECOND = 1000;

function namedUid(obj: KubeObject): NamedUid {
  return { name: obj.metadata.name ?? '', uid: obj.metadata.uid ?? '' };
}

export class TokenIssuer {
  constructor(
    private readonly objects: ObjectReader,
    private readonly options: TokenIssuerOptions,
  ) {
    if (options.issuers.length === 0) throw new Error('service-account tokens need an issuer (--service-account-issuer)');
  }

  /** POST serviceaccounts/<name>/token. */
  async request(namespace: string, accountName: string, body: unknown): Promise<TokenRequest> {
    const wanted = parseTokenRequest(body, accountName, this.options.audiences);
    const asked = tokenRequestReply(namespace, accountName, wanted, '', this.options.now());
    await this.options.admit?.({ operation: 'CREATE', info: resources.serviceAccounts, subresource: 'token', namespace, name: accountName, object: asked });
    const account = (await this.objects.get(resources.serviceAccounts, namespace, accountName)) as ServiceAccount;
    const pod = wanted.boundPod ? await this.boundPod(namespace, accountName, wanted.boundPod) : undefined;
    const nowMs = this.options.now();
    const claims = buildClaims({
      issuer: this.options.issuers[0],
      audiences: wanted.audiences,
      namespace,
      account: namedUid(account),
      pod: pod ? namedUid(pod) : undefined,
      nowMs,
      expirationSeconds: wanted.expirationSeconds,
    });
    const token = signJwt(claims, this.options.signingKey);
    return tokenRequestReply(namespace, accountName, { ...wanted, ...(pod ? { boundPod: namedUid(pod) } : {}) }, token, claims.exp * MS_PER_SECOND);
  }

  private async boundPod(namespace: string, accountName: string, ref: NamedUid): Promise<Pod> {
    const pod = (await this.objects.get(resources.pods, namespace, ref.name)) as Pod;
    if (ref.uid !== '' && ref.uid !== pod.metadata.uid) {
      const why = `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`;
      throw conflict('Pod', ref.name, why);
    }
    const podAccount = pod.spec.serviceAccountName || 'default';
    if (podAccount !== accountName) {
      throw badRequest(`cannot bind token for serviceaccount "${accountName}" to pod "${ref.name}": the pod runs as serviceaccount "${podAccount}"`);
    }
    return pod;
  }

  /** The `kubernetes.io` claim of a token this apiserver accepts now; InvalidJwtError or StaleTokenError say why not. */
  async verify(token: string): Promise<KubernetesClaim> {
    const claims = verifyJwt(token, this.options.verifyingKeys);
    const expected = { issuers: this.options.issuers, audiences: this.options.audiences, nowMs: this.options.now() };
    const subject = checkClaims(claims, expected);
    await this.stillExists(resources.serviceAccounts, subject.namespace, subject.serviceaccount);
    if (subject.pod) await this.stillExists(resources.pods, subject.namespace, subject.pod);
    return subject;
  }

  private async stillExists(info: ResourceInfo, namespace: string, expected: NamedUid): Promise<void> {
    let current: KubeObject;
    try {
      current = await this.objects.get(info, namespace, expected.name);
    } catch (err) {
      if (isApiError(err, 'NotFound')) throw new StaleTokenError(`${info.kind} ${namespace}/${expected.name} has been deleted`);
      throw err;
    }
    if (current.metadata.uid !== expected.uid) {
      throw new StaleTokenError(`${info.kind} ${namespace}/${expected.name} uid (${current.metadata.uid ?? ''}) does not match the token's (${expected.uid})`);
    }
  }
}

/** The token was good once, but what it names is gone. */
export class StaleTokenError extends Error {}
