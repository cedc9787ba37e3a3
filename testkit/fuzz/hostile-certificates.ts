// Client certificates no apiserver or agent may accept: issued by another CA,
// self-signed, expired or not yet valid though signed by the cluster CA, or made
// for serving only. Each claims a powerful identity
// (system:masters), so accepting one would be an open door, not just a bug. (A
// certificate with a key not its own cannot be sent: TLS clients refuse to build it.)
import { DAY_MS, issueLeaf, newCa, newKeys, signerFromFiles, subjectName, type LeafSpec, type PemPair, type Signer } from '../test-certificates.js';

const MASTERS = { cn: 'kubernetes-admin', o: ['system:masters'] } as const;

export interface HostileCertificate extends PemPair {
  id: string;
  why: string;
}

type Window = Pick<LeafSpec, 'notBefore' | 'notAfter'>;

async function selfSigned(validity: Window): Promise<PemPair> {
  const keys = await newKeys();
  return issueLeaf({ name: subjectName(MASTERS), key: keys.privateKey }, { subject: MASTERS, ...validity }, keys);
}

/** The hostile client certificates, against the CA in caCertFile/caKeyFile. */
export async function hostileCertificates(caCertFile: string, caKeyFile: string, nowMs = Date.now()): Promise<HostileCertificate[]> {
  const cluster = await signerFromFiles({ cert: caCertFile, key: caKeyFile });
  const valid = { notBefore: new Date(nowMs - DAY_MS), notAfter: new Date(nowMs + DAY_MS) };
  const masters = (signer: Signer, validity: Window = valid, usage: LeafSpec['usage'] = 'client') => issueLeaf(signer, { subject: MASTERS, usage, ...validity });
  const stranger = (await newCa({ cn: 'flotilla-ca' }, nowMs)).signer;
  return [
    { id: 'other-ca', why: 'signed by a CA of the same name that the cluster never trusted', ...(await masters(stranger)) },
    { id: 'self-signed', why: 'signed by its own key', ...(await selfSigned(valid)) },
    { id: 'expired', why: 'signed by the cluster CA, expired yesterday', ...(await masters(cluster, { notBefore: new Date(nowMs - 3 * DAY_MS), notAfter: new Date(nowMs - DAY_MS) })) },
    { id: 'not-yet-valid', why: 'signed by the cluster CA, valid from tomorrow', ...(await masters(cluster, { notBefore: new Date(nowMs + DAY_MS), notAfter: new Date(nowMs + 3 * DAY_MS) })) },
    { id: 'server-only', why: 'signed by the cluster CA for serving, not for clients', ...(await masters(cluster, valid, 'server')) },
  ];
}
