// The keys service-account tokens are signed and checked with, read from the
// files kube-apiserver's flags name: one private key that signs, and any number
// of PEM files whose keys (public, or private ones standing for their public
// half, as kubeadm's sa.key may be given) verify.
import { createPublicKey, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export interface SigningKeys {
  signing: KeyObject;
  verifying: readonly KeyObject[];
}

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g;

/** Every key in a PEM file, as public keys. */
export function publicKeysOfPem(pem: string, file: string): KeyObject[] {
  const keys = [...pem.matchAll(PEM_BLOCK)].flatMap((block) => {
    if (block[1].includes('CERTIFICATE')) return [];
    return [createPublicKey(block[0])];
  });
  if (keys.length === 0) throw new Error(`${file}: no public or private key in PEM form`);
  return keys;
}

export async function loadSigningKeys(signingKeyFile: string, keyFiles: readonly string[]): Promise<SigningKeys> {
  const signing = createPrivateKey(await readFile(signingKeyFile, 'utf8'));
  if (signing.asymmetricKeyType !== 'rsa') throw new Error(`${signingKeyFile}: service-account tokens are signed RS256, so the key must be RSA`);
  const verifying: KeyObject[] = [];
  for (const file of keyFiles) verifying.push(...publicKeysOfPem(await readFile(file, 'utf8'), file));
  // The signing key always verifies what it signed, as kube-apiserver adds it to the key set.
  verifying.push(createPublicKey(signing));
  return { signing, verifying };
}
