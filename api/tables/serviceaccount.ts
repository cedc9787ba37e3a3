// `kubectl get serviceaccounts`: NAME SECRETS AGE.
import type { KubeObject } from '../types/meta.js';
import type { ServiceAccount } from '../types/service-account.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

export const serviceAccountTable: TableDefinition = {
  columns: [NAME_COLUMN, { name: 'Secrets', priority: 0, description: 'Number of secrets the service account references' }, AGE_COLUMN],
  row(obj: KubeObject, now: Date): string[] {
    const account = obj as ServiceAccount;
    const secrets = Array.isArray(account.secrets) ? account.secrets.length : 0;
    return [account.metadata.name ?? '', String(secrets), timestampSince(account.metadata.creationTimestamp, now)];
  },
};
