// `kubectl get configmaps`: NAME DATA AGE, DATA counting data and binaryData keys.
import type { ConfigMap } from '../types/config.js';
import type { KubeObject } from '../types/meta.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

export const configMapTable: TableDefinition = {
  columns: [NAME_COLUMN, { name: 'Data', priority: 0, description: 'The number of keys in data and binaryData.' }, AGE_COLUMN],
  row(obj: KubeObject, now: Date): string[] {
    const cm = obj as ConfigMap;
    const keys = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
    return [cm.metadata.name ?? '', String(keys), timestampSince(cm.metadata.creationTimestamp, now)];
  },
};
