// v1 ConfigMap and Secret: configuration pods read as files or environment variables.
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

/** v1 Secret: like a ConfigMap, but every value is bytes (base64 in JSON). */
export interface Secret extends KubeObject {
  apiVersion: 'v1';
  kind: 'Secret';
  /** Opaque unless set; the well-known types require their keys. */
  type?: string;
  data?: Record<string, string>;
  /** Write-only convenience: merged into data by the apiserver and never stored. */
  stringData?: Record<string, string>;
  immutable?: boolean;
}
