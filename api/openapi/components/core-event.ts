// v1 Event (the core group's, which kubectl and controllers write) and the
// object reference it points with.
import { int32, kindObject, microTime, object, ref, str, time } from '../builders.js';
import { CORE, META } from '../names.js';
import type { ComponentTable } from '../schema.js';

export const EVENT_COMPONENTS: ComponentTable = {
  [`${CORE}Event`]: kindObject(
    { group: '', version: 'v1', kind: 'Event' },
    'A report of something that happened to an object.',
    {
      metadata: ref(`${META}ObjectMeta`, { default: {} }),
      action: str(),
      count: int32(),
      eventTime: microTime(),
      firstTimestamp: time(),
      involvedObject: ref(`${CORE}ObjectReference`, { default: {} }),
      lastTimestamp: time(),
      message: str(),
      reason: str(),
      related: ref(`${CORE}ObjectReference`),
      reportingComponent: str({ default: '' }),
      reportingInstance: str({ default: '' }),
      series: ref(`${CORE}EventSeries`),
      source: ref(`${CORE}EventSource`, { default: {} }),
      type: str(),
    },
    ['metadata', 'involvedObject'],
  ),
  [`${CORE}ObjectReference`]: object(
    {
      apiVersion: str(),
      fieldPath: str(),
      kind: str(),
      name: str(),
      namespace: str(),
      resourceVersion: str(),
      uid: str(),
    },
    [],
    { 'x-kubernetes-map-type': 'atomic' },
  ),
  [`${CORE}EventSeries`]: object({ count: int32(), lastObservedTime: microTime() }),
  [`${CORE}EventSource`]: object({ component: str(), host: str() }),
};
