// The Kubernetes protobuf messages as protobufjs types, built from the one
// description in wire-messages.ts. Two field options carry what the wire cannot
// say about the JSON shape (see wire-messages.ts): `inline` and `keepZero`.
import protobuf from 'protobufjs';
import { WIRE_MESSAGES } from './wire-messages.js';

export const META_PACKAGE = 'k8s.io.apimachinery.pkg.apis.meta.v1';
export const RUNTIME_PACKAGE = 'k8s.io.apimachinery.pkg.runtime';
export const INTSTR_PACKAGE = 'k8s.io.apimachinery.pkg.util.intstr';
export const RESOURCE_PACKAGE = 'k8s.io.apimachinery.pkg.api.resource';
export const CORE_V1_PACKAGE = 'k8s.io.api.core.v1';
export const APPS_V1_PACKAGE = 'k8s.io.api.apps.v1';
export const COORDINATION_V1_PACKAGE = 'k8s.io.api.coordination.v1';
export const POLICY_V1_PACKAGE = 'k8s.io.api.policy.v1';
export const BATCH_V1_PACKAGE = 'k8s.io.api.batch.v1';
export const DISCOVERY_V1_PACKAGE = 'k8s.io.api.discovery.v1';
export const AUTOSCALING_V2_PACKAGE = 'k8s.io.api.autoscaling.v2';
export const STORAGE_V1_PACKAGE = 'k8s.io.api.storage.v1';
export const AUTOSCALING_V1_PACKAGE = 'k8s.io.api.autoscaling.v1';
export const RBAC_V1_PACKAGE = 'k8s.io.api.rbac.v1';
export const AUTHORIZATION_V1_PACKAGE = 'k8s.io.api.authorization.v1';
export const AUTHENTICATION_V1_PACKAGE = 'k8s.io.api.authentication.v1';
export const CERTIFICATES_V1_PACKAGE = 'k8s.io.api.certificates.v1';

/** The protobuf package of each prefix wire-messages.ts uses. */
const PACKAGES: Record<string, string> = {
  meta: META_PACKAGE,
  runtime: RUNTIME_PACKAGE,
  intstr: INTSTR_PACKAGE,
  resource: RESOURCE_PACKAGE,
  core: CORE_V1_PACKAGE,
  apps: APPS_V1_PACKAGE,
  coordination: COORDINATION_V1_PACKAGE,
  policy: POLICY_V1_PACKAGE,
  batch: BATCH_V1_PACKAGE,
  discovery: DISCOVERY_V1_PACKAGE,
  autoscaling: AUTOSCALING_V2_PACKAGE,
  storage: STORAGE_V1_PACKAGE,
  autoscalingV1: AUTOSCALING_V1_PACKAGE,
  rbac: RBAC_V1_PACKAGE,
  authorization: AUTHORIZATION_V1_PACKAGE,
  authentication: AUTHENTICATION_V1_PACKAGE,
  certificates: CERTIFICATES_V1_PACKAGE,
};

/** The full names of the messages whose JSON form is not an object of their fields. */
export const TIME_TYPE = `${META_PACKAGE}.Time`;
export const MICRO_TIME_TYPE = `${META_PACKAGE}.MicroTime`;
export const FIELDS_V1_TYPE = `${META_PACKAGE}.FieldsV1`;
export const INT_OR_STRING_TYPE = `${INTSTR_PACKAGE}.IntOrString`;
export const QUANTITY_TYPE = `${RESOURCE_PACKAGE}.Quantity`;
export const RAW_EXTENSION_TYPE = `${RUNTIME_PACKAGE}.RawExtension`;
export const UNKNOWN_TYPE = `${RUNTIME_PACKAGE}.Unknown`;

export const INLINE_OPTION = 'inline';
export const KEEP_ZERO_OPTION = 'keepZero';

/** Kubernetes' messages are proto2: a field set to its zero value is still present on the wire. */
const PROTO_EDITION = 'proto2';

interface FieldDescriptor {
  id: number;
  type: string;
  rule?: 'repeated';
  keyType?: string;
  options?: Record<string, boolean>;
}

const FIELD_SYNTAX = /^(\w+)=(\d+)(?::([\w.]+))?(\[\]|\{\})?(\^)?(\?)?$/;

/** `meta.Time` -> `.k8s.io.apimachinery.pkg.apis.meta.v1.Time`; a bare name stays relative to its package. */
function typeName(type: string): string {
  const dot = type.indexOf('.');
  if (dot < 0) return type;
  const pkg = PACKAGES[type.slice(0, dot)];
  if (!pkg) throw new Error(`wire-messages: unknown package prefix in ${type}`);
  return `.${pkg}.${type.slice(dot + 1)}`;
}

/** One `name=N:type...` token as a protobufjs field. */
export function parseField(token: string): [string, FieldDescriptor] {
  const match = FIELD_SYNTAX.exec(token);
  if (!match) throw new Error(`wire-messages: malformed field ${JSON.stringify(token)}`);
  const [, name, id, type = 'string', shape, inline, keepZero] = match;
  const descriptor: FieldDescriptor = { id: Number(id), type: typeName(type) };
  if (shape === '[]') descriptor.rule = 'repeated';
  if (shape === '{}') descriptor.keyType = 'string';
  const options: Record<string, boolean> = {};
  if (inline) options[INLINE_OPTION] = true;
  if (keepZero) options[KEEP_ZERO_OPTION] = true;
  if (Object.keys(options).length > 0) descriptor.options = options;
  return [name, descriptor];
}

function packageDescriptor(messages: Readonly<Record<string, string>>): Record<string, { edition: string; fields: Record<string, FieldDescriptor> }> {
  const out: Record<string, { edition: string; fields: Record<string, FieldDescriptor> }> = {};
  for (const [message, fields] of Object.entries(messages)) {
    out[message] = { edition: PROTO_EDITION, fields: Object.fromEntries(fields.split(/\s+/).filter(Boolean).map(parseField)) };
  }
  return out;
}

/**
 * The package of an apiVersion's messages, named as upstream's generated.proto
 * names them: `k8s.io.api.<the group's first label, core for "">.<version>`.
 */
export function apiPackageOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return `k8s.io.api.${group === '' ? 'core' : group.split('.')[0]}.${apiVersion.slice(slash + 1)}`;
}

/** Whether wire-messages.ts declares messages in this package. */
export function declaresPackage(pkg: string): boolean {
  return Object.keys(WIRE_MESSAGES).some((prefix) => PACKAGES[prefix] === pkg);
}

/** Every declared message, resolved once: the apiserver decodes with it, the tests encode with it. */
export const k8sMessages: protobuf.Root = (() => {
  const root = new protobuf.Root();
  for (const [prefix, messages] of Object.entries(WIRE_MESSAGES)) {
    const pkg = PACKAGES[prefix];
    if (!pkg) throw new Error(`wire-messages: unknown package ${prefix}`);
    root.define(pkg, packageDescriptor(messages));
  }
  root.resolveAll();
  return root;
})();

/** The message type of a declared full name (`k8s.io.api.core.v1.ConfigMap`). */
export function messageType(fullName: string): protobuf.Type {
  return k8sMessages.lookupType(fullName);
}
