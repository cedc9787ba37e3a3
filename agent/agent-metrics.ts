// The agent's Prometheus metrics: pods it runs, the events it records (one
// counter per reason: Started, Killing, BackOff, ...), and its lease.
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { KubeObject } from '../api/types/index.js';
import type { EventSink } from './pod/worker-deps.js';

const MS_PER_SECOND = 1000;

export interface AgentMetricSources {
  podCount(): number;
  lastLeaseRenewMs(): number;
}

export class AgentMetrics {
  readonly registry = new Registry();
  private readonly events: Counter<'type' | 'reason'>;

  constructor(sources: AgentMetricSources) {
    collectDefaultMetrics({ register: this.registry });
    this.events = new Counter({ name: 'flotilla_agent_events_total', help: 'Events the agent recorded, by type and reason', labelNames: ['type', 'reason'], registers: [this.registry] });
    new Gauge({
      name: 'flotilla_agent_pods',
      help: 'Pods this agent is running (one worker each)',
      registers: [this.registry],
      collect() {
        this.set(sources.podCount());
      },
    });
    new Gauge({
      name: 'flotilla_agent_lease_renew_timestamp_seconds',
      help: 'When the node Lease was last renewed',
      registers: [this.registry],
      collect() {
        this.set(sources.lastLeaseRenewMs() / MS_PER_SECOND);
      },
    });
  }

  /** Wraps an event sink so that every recorded event is also counted. */
  countingSink(inner: EventSink): EventSink {
    return {
      event: (obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string) => {
        this.events.inc({ type, reason });
        inner.event(obj, type, reason, message);
      },
    };
  }
}
