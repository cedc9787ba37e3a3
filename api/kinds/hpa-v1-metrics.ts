// Metric specs and statuses between autoscaling/v2's shape (a `target` or
// `current` beside a `metric` identifier) and the flat v2beta1-era shape that
// autoscaling/v1 keeps in its round-trip annotations (`targetAverageValue`,
// `metricName`, ...), field for field as Kubernetes' v1 conversion maps them.
import { isAbsent, recordOf, type JsonRecord } from '../validation/values.js';

/** Go writes a non-pointer Quantity that was never set as "0". */
const ZERO_QUANTITY = '0';

/** The record without its undefined members, so absent stays absent in JSON. */
function defined(fields: JsonRecord): JsonRecord {
  const out: JsonRecord = {};
  for (const [key, value] of Object.entries(fields)) if (!isAbsent(value)) out[key] = value;
  return out;
}

function sourceKey(type: unknown): string {
  const name = String(type ?? '');
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** `{type, <source>: converted}`; a type Flotilla does not know keeps only its name. */
function withSource(entry: JsonRecord, convert: Record<string, (source: JsonRecord) => JsonRecord>): JsonRecord {
  const key = sourceKey(entry.type);
  const source = entry[key];
  const fn = convert[key];
  if (!fn || isAbsent(source)) return defined({ type: entry.type });
  return { type: entry.type, [key]: fn(recordOf(source)) };
}

const specToV1: Record<string, (s: JsonRecord) => JsonRecord> = {
  resource: (s) => {
    const t = recordOf(s.target);
    return defined({ name: s.name, targetAverageUtilization: t.averageUtilization, targetAverageValue: t.averageValue });
  },
  containerResource: (s) => {
    const t = recordOf(s.target);
    return defined({ name: s.name, container: s.container, targetAverageUtilization: t.averageUtilization, targetAverageValue: t.averageValue });
  },
  pods: (s) => {
    const m = recordOf(s.metric);
    return defined({ metricName: m.name, targetAverageValue: recordOf(s.target).averageValue ?? ZERO_QUANTITY, selector: m.selector });
  },
  object: (s) => {
    const m = recordOf(s.metric);
    const t = recordOf(s.target);
    return defined({ target: s.describedObject, metricName: m.name, targetValue: t.value ?? ZERO_QUANTITY, selector: m.selector, averageValue: t.averageValue });
  },
  external: (s) => {
    const m = recordOf(s.metric);
    const t = recordOf(s.target);
    return defined({ metricName: m.name, metricSelector: m.selector, targetValue: t.value, targetAverageValue: t.averageValue });
  },
};

const identifier = (name: unknown, selector: unknown): JsonRecord => defined({ name, selector });

const specFromV1: Record<string, (s: JsonRecord) => JsonRecord> = {
  resource: (s) => ({
    name: s.name,
    target: defined({ type: isAbsent(s.targetAverageUtilization) ? 'AverageValue' : 'Utilization', averageUtilization: s.targetAverageUtilization, averageValue: s.targetAverageValue }),
  }),
  containerResource: (s) => ({
    name: s.name,
    container: s.container,
    target: defined({ type: isAbsent(s.targetAverageUtilization) ? 'AverageValue' : 'Utilization', averageUtilization: s.targetAverageUtilization, averageValue: s.targetAverageValue }),
  }),
  pods: (s) => ({ metric: identifier(s.metricName, s.selector), target: defined({ type: 'AverageValue', averageValue: s.targetAverageValue }) }),
  object: (s) => ({
    describedObject: s.target,
    metric: identifier(s.metricName, s.selector),
    target: defined({ type: isAbsent(s.averageValue) ? 'Value' : 'AverageValue', value: s.targetValue, averageValue: s.averageValue }),
  }),
  external: (s) => ({
    metric: identifier(s.metricName, s.metricSelector),
    target: defined({ type: isAbsent(s.targetValue) ? 'AverageValue' : 'Value', value: s.targetValue, averageValue: s.targetAverageValue }),
  }),
};

const statusToV1: Record<string, (s: JsonRecord) => JsonRecord> = {
  resource: (s) => {
    const c = recordOf(s.current);
    return defined({ name: s.name, currentAverageUtilization: c.averageUtilization, currentAverageValue: c.averageValue ?? ZERO_QUANTITY });
  },
  containerResource: (s) => {
    const c = recordOf(s.current);
    return defined({ name: s.name, container: s.container, currentAverageUtilization: c.averageUtilization, currentAverageValue: c.averageValue ?? ZERO_QUANTITY });
  },
  pods: (s) => {
    const m = recordOf(s.metric);
    return defined({ metricName: m.name, currentAverageValue: recordOf(s.current).averageValue ?? ZERO_QUANTITY, selector: m.selector });
  },
  object: (s) => {
    const m = recordOf(s.metric);
    const c = recordOf(s.current);
    return defined({ target: s.describedObject, metricName: m.name, currentValue: c.value ?? ZERO_QUANTITY, selector: m.selector, averageValue: c.averageValue });
  },
  external: (s) => {
    const m = recordOf(s.metric);
    const c = recordOf(s.current);
    return defined({ metricName: m.name, metricSelector: m.selector, currentValue: c.value ?? ZERO_QUANTITY, currentAverageValue: c.averageValue });
  },
};

const statusFromV1: Record<string, (s: JsonRecord) => JsonRecord> = {
  resource: (s) => ({ name: s.name, current: defined({ averageValue: s.currentAverageValue, averageUtilization: s.currentAverageUtilization }) }),
  containerResource: (s) => ({
    name: s.name,
    container: s.container,
    current: defined({ averageValue: s.currentAverageValue, averageUtilization: s.currentAverageUtilization }),
  }),
  pods: (s) => ({ metric: identifier(s.metricName, s.selector), current: defined({ averageValue: s.currentAverageValue }) }),
  object: (s) => ({ describedObject: s.target, metric: identifier(s.metricName, s.selector), current: defined({ value: s.currentValue, averageValue: s.averageValue }) }),
  external: (s) => ({ metric: identifier(s.metricName, s.metricSelector), current: defined({ value: s.currentValue, averageValue: s.currentAverageValue }) }),
};

export const metricSpecToV1 = (m: unknown): JsonRecord => withSource(recordOf(m), specToV1);
export const metricSpecFromV1 = (m: unknown): JsonRecord => withSource(recordOf(m), specFromV1);
export const metricStatusToV1 = (m: unknown): JsonRecord => withSource(recordOf(m), statusToV1);
export const metricStatusFromV1 = (m: unknown): JsonRecord => withSource(recordOf(m), statusFromV1);
export { defined };
