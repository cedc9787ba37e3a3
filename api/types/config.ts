// v1 ConfigMap: configuration pods read as files or environment variables.
import type { KubeObject } from './meta.js';

export interface ConfigMap extends KubeObject {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  data?: Record<string, string>;
  /** Values are base64 in JSON, as Go's []byte. */
  binaryData?: Record<string, string>;
  /** Once true, data and binaryData never change and the flag cannot be cleared. */
  immutable?: boolean;
}
