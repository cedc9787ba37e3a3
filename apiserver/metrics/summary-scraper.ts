// Asks the agents for their summaries, as metrics-server scrapes kubelets,
// and keeps each answer briefly so that `kubectl top`, the HPA controller
// and several apiserver requests within one agent sample share one scrape.
import type { Node } from '../../api/types/index.js';
import type { Summary } from '../../api/types/stats-summary.js';
import type { Logger } from '../../client/logger.js';
import type { AgentClientPool } from '../streaming/agent-client-pool.js';
import { agentEndpoint } from '../streaming/node-endpoint.js';

/** Shorter than any sensible agent sampling interval, so a cached answer is at most one sample old. */
export const SCRAPE_CACHE_MS = 5_000;
/** An agent that does not answer within this is left out of the reply, as metrics-server does. */
export const SCRAPE_DEADLINE_MS = 5_000;

interface Cached {
  atMs: number;
  summary: Promise<Summary | undefined>;
}

export class SummaryScraper {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly agents: Pick<AgentClientPool, 'get'>,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The node's summary, or undefined when its agent cannot be reached or has no sample yet. */
  scrape(node: Node): Promise<Summary | undefined> {
    const name = node.metadata.name ?? '';
    const cached = this.cache.get(name);
    if (cached && this.now() - cached.atMs < SCRAPE_CACHE_MS) return cached.summary;
    const summary = this.fetch(node);
    this.cache.set(name, { atMs: this.now(), summary });
    return summary;
  }

  private async fetch(node: Node): Promise<Summary | undefined> {
    try {
      return await this.agents.get(agentEndpoint(node)).summary(SCRAPE_DEADLINE_MS);
    } catch (err) {
      this.log.debug({ node: node.metadata.name, err: (err as Error).message }, 'could not scrape the agent');
      return undefined;
    }
  }
}
