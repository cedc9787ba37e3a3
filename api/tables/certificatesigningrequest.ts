// `kubectl get csr`: NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION.
import { conditionSummary } from '../certificates/csr-conditions.js';
import type { CertificateSigningRequest } from '../types/certificates.js';
import type { KubeObject } from '../types/meta.js';
import { NONE } from './cells.js';
import { humanDuration, timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

const MS_PER_SECOND = 1000;

export const certificateSigningRequestTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    AGE_COLUMN,
    { name: 'SignerName', priority: 0, description: 'Indicates the requested signer, and is a qualified name.' },
    { name: 'Requestor', priority: 0, description: 'Name of the user who created the request.' },
    { name: 'RequestedDuration', priority: 0, description: 'The requested validity of the certificate.' },
    { name: 'Condition', priority: 0, description: 'The approval conditions, and Issued once the certificate is there.' },
  ],
  row(obj: KubeObject, now: Date): string[] {
    const csr = obj as CertificateSigningRequest;
    const seconds = csr.spec?.expirationSeconds;
    return [
      csr.metadata.name ?? '',
      timestampSince(csr.metadata.creationTimestamp, now),
      csr.spec?.signerName || NONE,
      csr.spec?.username ?? '',
      typeof seconds === 'number' ? humanDuration(seconds * MS_PER_SECOND) : NONE,
      conditionSummary(csr),
    ];
  },
};
