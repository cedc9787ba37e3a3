// The AES providers of kube-apiserver, on node:crypto. aesgcm: a random 12-byte
// nonce, then the ciphertext and its 16-byte tag, the etcd key as additional
// authenticated data. aescbc: a random 16-byte IV, then the PKCS#7-padded
// ciphertext (CBC cannot bind the key; upstream does not either).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ValueTransformer } from './value-transformer.js';

const GCM_NONCE_BYTES = 12;
const GCM_TAG_BYTES = 16;
const CBC_IV_BYTES = 16;

function gcmAlgorithm(key: Buffer): 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm' {
  return `aes-${key.length * 8}-gcm` as 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm';
}

export function aesGcmTransformer(prefix: string, key: Buffer): ValueTransformer {
  const head = Buffer.from(prefix);
  return {
    toStorage(plain, context) {
      const nonce = randomBytes(GCM_NONCE_BYTES);
      const cipher = createCipheriv(gcmAlgorithm(key), key, nonce, { authTagLength: GCM_TAG_BYTES });
      cipher.setAAD(Buffer.from(context));
      const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([head, nonce, sealed, cipher.getAuthTag()]);
    },
    fromStorage(stored, context) {
      const body = stored.subarray(head.length);
      if (body.length < GCM_NONCE_BYTES + GCM_TAG_BYTES) throw new Error('the stored value is shorter than a nonce and a tag');
      const nonce = body.subarray(0, GCM_NONCE_BYTES);
      const tag = body.subarray(body.length - GCM_TAG_BYTES);
      const decipher = createDecipheriv(gcmAlgorithm(key), key, nonce, { authTagLength: GCM_TAG_BYTES });
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body.subarray(GCM_NONCE_BYTES, body.length - GCM_TAG_BYTES)), decipher.final()]);
    },
  };
}

export function aesCbcTransformer(prefix: string, key: Buffer): ValueTransformer {
  const head = Buffer.from(prefix);
  return {
    toStorage(plain) {
      const iv = randomBytes(CBC_IV_BYTES);
      const cipher = createCipheriv('aes-256-cbc', key, iv);
      return Buffer.concat([head, iv, cipher.update(plain), cipher.final()]);
    },
    fromStorage(stored) {
      const body = stored.subarray(head.length);
      if (body.length < CBC_IV_BYTES * 2 || body.length % CBC_IV_BYTES !== 0) throw new Error('the stored value is not whole AES-CBC blocks');
      const decipher = createDecipheriv('aes-256-cbc', key, body.subarray(0, CBC_IV_BYTES));
      return Buffer.concat([decipher.update(body.subarray(CBC_IV_BYTES)), decipher.final()]);
    },
  };
}
