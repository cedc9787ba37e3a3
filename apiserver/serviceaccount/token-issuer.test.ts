import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { RequestCredentials } from '../http/authenticator.js';
import { notFound } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { silentLogger } from '../../client/silent-logger.js';
import { InvalidJwtError, signJwt, verifyJwt } from './jwt.js';
import { serviceAccountTokenAuthenticator } from './token-authenticator.js';
import { TokenIssuer } from './token-issuer.js';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ISSUER = 'https://kubernetes.default.svc.cluster.local';

test('an RS256 token verifies with its key only, and tampering breaks it', () => {
  const token = signJwt({ sub: 'x', n: 1 }, keys.privateKey);
  assert.deepEqual(verifyJwt(token, [keys.publicKey]), { sub: 'x', n: 1 });
  assert.throws(() => verifyJwt(token, [other.publicKey]), InvalidJwtError);
  const [h, , s] = token.split('.');
  const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'admin', n: 1 })).toString('base64url')}.${s}`;
  assert.throws(() => verifyJwt(forged, [keys.publicKey]), /signature/);
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${token.split('.')[1]}.x`;
  assert.throws(() => verifyJwt(none, [keys.publicKey]), /algorithm/);
  assert.equal(JSON.parse(Buffer.from(h, 'base64url').toString()).alg, 'RS256');
});

function cluster(objects: KubeObject[]): { get(info: ResourceInfo, ns: string, name: string): Promise<KubeObject> } {
  return {
    get: (info, ns, name) => {
      const found = objects.find((o) => o.kind === info.kind && o.metadata.namespace === ns && o.metadata.name === name);
      return found ? Promise.resolve(found) : Promise.reject(notFound(info.plural, name));
    },
  };
}

const account: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'shop', uid: 'sa-uid' } };
const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', uid: 'pod-uid' }, spec: { containers: [], serviceAccountName: 'default' } };

function bearer(token: string): RequestCredentials {
  return { bearerToken: token };
}

test('a requested token carries upstream claims and authenticates as the account until it expires', async () => {
  let now = Date.parse('2030-01-01T00:00:00Z');
  const objects = [account, pod];
  const issuer = new TokenIssuer(cluster(objects), { issuers: [ISSUER], audiences: [ISSUER], signingKey: keys.privateKey, verifyingKeys: [keys.publicKey], now: () => now });
  const reply = await issuer.request('shop', 'default', { spec: { expirationSeconds: 600, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web' } } });
  assert.equal(reply.status?.expirationTimestamp, '2030-01-01T00:10:00Z');
  const token = reply.status?.token ?? '';
  const claims = verifyJwt(token, [keys.publicKey]);
  assert.equal(claims.iss, ISSUER);
  assert.equal(claims.sub, 'system:serviceaccount:shop:default');
  assert.deepEqual(claims.aud, [ISSUER]);
  assert.equal(claims.exp, (claims.iat as number) + 600);
  assert.equal(claims.nbf, claims.iat);
  assert.deepEqual(claims['kubernetes.io'], { namespace: 'shop', serviceaccount: { name: 'default', uid: 'sa-uid' }, pod: { name: 'web', uid: 'pod-uid' } });

  const authn = serviceAccountTokenAuthenticator(issuer, silentLogger());
  assert.deepEqual(await authn.authenticate(bearer(token)), {
    name: 'system:serviceaccount:shop:default',
    uid: 'sa-uid',
    groups: ['system:serviceaccounts', 'system:serviceaccounts:shop'],
  });
  now += 600_000;
  assert.equal(await authn.authenticate(bearer(token)), undefined, 'expired');
  await assert.rejects(issuer.verify(token), /token has expired/);
});

test('audience, deleted pod or account, and bad requests are refused', async () => {
  const now = Date.parse('2030-01-01T00:00:00Z');
  const objects = [account, pod];
  const options = { issuers: [ISSUER], audiences: [ISSUER], signingKey: keys.privateKey, verifyingKeys: [keys.publicKey], now: () => now };
  const issuer = new TokenIssuer(cluster(objects), options);
  const vault = (await issuer.request('shop', 'default', { spec: { audiences: ['vault'] } })).status?.token ?? '';
  await assert.rejects(issuer.verify(vault), /audiences/);
  const bound = (await issuer.request('shop', 'default', { spec: { boundObjectRef: { kind: 'Pod', name: 'web' } } })).status?.token ?? '';
  await issuer.verify(bound);
  objects.splice(1, 1);
  await assert.rejects(issuer.verify(bound), /Pod shop\/web has been deleted/);
  const plain = (await issuer.request('shop', 'default', {})).status?.token ?? '';
  await issuer.verify(plain);
  objects[0] = { ...account, metadata: { ...account.metadata, uid: 'recreated' } };
  await assert.rejects(issuer.verify(plain), /uid/);
  await assert.rejects(issuer.request('shop', 'default', { spec: { expirationSeconds: 10 } }), /spec.expirationSeconds: Invalid value: 10: may not specify a duration less than 10 minutes/);
  await assert.rejects(issuer.request('shop', 'nobody', {}), /serviceaccounts "nobody" not found/);
  await assert.rejects(issuer.request('shop', 'default', { spec: { boundObjectRef: { kind: 'Secret', name: 's' } } }), /spec.boundObjectRef.kind: Unsupported value/);
  const foreign = new TokenIssuer(cluster([account]), { ...options, signingKey: other.privateKey, verifyingKeys: [other.publicKey] });
  const stranger = (await foreign.request('shop', 'default', {})).status?.token ?? '';
  await assert.rejects(issuer.verify(stranger), /signature/);
});
