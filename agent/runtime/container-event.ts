// One line of the engine's event stream, read once for every part of the
// agent that follows it: which container changed (its cached inspection is
// stale) and which pod it belongs to (its worker syncs).
import { identityFromPoolName, LABEL_POD_UID } from '../labels.js';
import type { ContainerEvent } from './runtime-types.js';

interface EngineEvent {
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/** The event a line reports; undefined for a line that is not one (partial, foreign). */
export function parseContainerEvent(line: string): ContainerEvent | undefined {
  let event: EngineEvent;
  try {
    event = JSON.parse(line) as EngineEvent;
  } catch {
    return undefined;
  }
  const containerId = event.Actor?.ID ?? event.id;
  if (typeof containerId !== 'string' || containerId === '') return undefined;
  const attributes = event.Actor?.Attributes;
  // A claimed pool sandbox names its pod only in its name (Docker puts the name among the attributes).
  const podUid = attributes?.[LABEL_POD_UID] ?? identityFromPoolName(attributes, attributes?.name ?? '')?.podUid;
  return podUid ? { containerId, podUid } : { containerId };
}
