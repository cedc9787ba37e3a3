// Per-kind storage behaviour that is not defaulting or validation.
import type { ResourceInfo } from '../../api/resources.js';

/**
 * Kinds whose status is cleared on create, as Kubernetes' PrepareForCreate does. A Namespace
 * always starts Active: one created Terminating would refuse content and never be removed.
 */
const STATUS_RESET_ON_CREATE = new Set(['Namespace', 'Pod', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet']);
/** Kinds without a spec, hence without metadata.generation. */
const KINDS_WITHOUT_GENERATION = new Set(['Event']);

export function resetsStatusOnCreate(info: ResourceInfo): boolean {
  return STATUS_RESET_ON_CREATE.has(info.kind);
}

export function tracksGeneration(info: ResourceInfo): boolean {
  return !KINDS_WITHOUT_GENERATION.has(info.kind);
}

export function isEvent(info: ResourceInfo): boolean {
  return info.group === '' && info.kind === 'Event';
}

export function isPod(info: ResourceInfo): boolean {
  return info.group === '' && info.kind === 'Pod';
}

export function isNamespace(info: ResourceInfo): boolean {
  return info.group === '' && info.kind === 'Namespace';
}
