// Service-account tokens for the node's pods, asked of the apiserver as
// TokenRequests bound to each pod, and kept until they need renewing: past
// 80% of their lifetime or a day old, as the kubelet's token manager.
import type { Pod, TokenRequest } from '../../api/types/index.js';
import { DEFAULT_SERVICE_ACCOUNT } from '../../api/kinds/serviceaccount.js';

/** What the agent needs of the API to get a token. */
export interface TokenClient {
  createToken(namespace: string, serviceAccount: string, request: TokenRequest): Promise<TokenRequest>;
}

/** Renew once this share of the lifetime has passed. */
const RENEW_AT_SHARE = 0.8;
const MAX_TOKEN_AGE_MS = 24 * 60 * 60 * 1000;
const MS_PER_SECOND = 1000;

interface Held {
  token: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

export interface TokenWish {
  audience?: string;
  expirationSeconds: number;
}

export function needsRenewal(held: Held, nowMs: number): boolean {
  const lifetime = held.expiresAtMs - held.issuedAtMs;
  return nowMs >= held.issuedAtMs + lifetime * RENEW_AT_SHARE || nowMs - held.issuedAtMs > MAX_TOKEN_AGE_MS;
}

export class PodTokens {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly client: TokenClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token of the pod's account, bound to the pod, fresh enough to write out. */
  async token(pod: Pod, wish: TokenWish): Promise<string> {
    const nowMs = this.now();
    this.forgetExpired(nowMs);
    const key = `${pod.metadata.uid ?? ''}/${wish.audience ?? ''}/${wish.expirationSeconds}`;
    const current = this.held.get(key);
    if (current && !needsRenewal(current, nowMs)) return current.token;
    const namespace = pod.metadata.namespace ?? '';
    const request: TokenRequest = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: { name: pod.spec.serviceAccountName || DEFAULT_SERVICE_ACCOUNT, namespace },
      spec: {
        audiences: wish.audience ? [wish.audience] : [],
        expirationSeconds: wish.expirationSeconds,
        boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
      },
    };
    const answer = await this.client.createToken(namespace, request.metadata.name ?? '', request);
    const token = answer.status?.token ?? '';
    const expiresAtMs = Date.parse(answer.status?.expirationTimestamp ?? '');
    this.held.set(key, { token, issuedAtMs: nowMs, expiresAtMs: Number.isFinite(expiresAtMs) ? expiresAtMs : nowMs + wish.expirationSeconds * MS_PER_SECOND });
    return token;
  }

  /** Tokens of pods long gone are dropped once they expire. */
  private forgetExpired(nowMs: number): void {
    for (const [key, held] of this.held) if (held.expiresAtMs <= nowMs) this.held.delete(key);
  }
}
