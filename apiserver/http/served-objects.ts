// Objects between the version a request's URL names and the stored one: what
// a client sends is converted before the registry sees it, what the registry
// answers is converted before the client does. For the stored version every
// function hands its argument back untouched.
import { apiVersionOf } from '../../api/resources.js';
import type { KindView } from '../../api/kinds/served-versions.js';
import type { KubeList, KubeObject } from '../../api/types/index.js';
import { assertConfigurationType } from '../registry/apply.js';
import { checkTypeMeta, parseJson } from '../registry/request-body.js';
import { badRequest } from '../../api/errors.js';

export function toServed(view: KindView, obj: KubeObject): KubeObject {
  return view.converted ? view.fromStored(obj) : obj;
}

export function listToServed(view: KindView, list: KubeList): KubeList {
  if (!view.converted) return list;
  return { ...list, apiVersion: apiVersionOf(view.definition), items: list.items.map((item) => view.fromStored(item)) };
}

/** A watch event's object text in the served version (events carry JSON text as stored). */
export function eventObjectToServed(view: KindView, objectJson: string): string {
  return view.converted ? JSON.stringify(view.fromStored(JSON.parse(objectJson) as KubeObject)) : objectJson;
}

/** The JSON text of an object body (create, update, status) in the stored version. */
export function bodyToStored(view: KindView, text: string): string {
  if (!view.converted) return text;
  const value = parseJson(text, 'object');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('the object must be a JSON object');
  const obj = value as KubeObject;
  checkTypeMeta(obj, view.definition);
  // Conversion reads metadata as an object; anything else is the registry's to refuse, so it passes as it came.
  if (obj.metadata !== undefined && (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata))) return text;
  return JSON.stringify(view.toStored({ ...obj, apiVersion: apiVersionOf(view.definition), kind: view.definition.kind, metadata: obj.metadata ?? {} }));
}

/** A server-side apply configuration in the stored version, once its apiVersion and kind are the URL's. */
export function configurationToStored(view: KindView, name: string, config: Record<string, unknown>): Record<string, unknown> {
  if (!view.converted) return config;
  assertConfigurationType(view.definition, name, config);
  if (config.metadata !== undefined && (typeof config.metadata !== 'object' || config.metadata === null || Array.isArray(config.metadata))) return config;
  return view.toStored(config as KubeObject) as Record<string, unknown>;
}
