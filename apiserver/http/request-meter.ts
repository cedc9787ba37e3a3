// Counts HTTP requests in the same apiserver_request_total and duration
// metrics as gRPC, with the same verb and resource labels: a request is
// recorded once, when its answer is complete, or for a watch when it starts.
import type { ApiServerMetrics } from '../metrics.js';

export class RequestMeter {
  private readonly started = process.hrtime.bigint();
  private recorded = false;
  verb: string;
  resource = '';

  constructor(
    private readonly metrics: ApiServerMetrics,
    method: string,
  ) {
    this.verb = method.toLowerCase();
  }

  label(verb: string, resource: string): void {
    this.verb = verb;
    this.resource = resource;
  }

  record(code: number): void {
    if (this.recorded) return;
    this.recorded = true;
    const seconds = Number(process.hrtime.bigint() - this.started) / 1e9;
    this.metrics.requests.inc({ verb: this.verb, resource: this.resource, code: String(code) });
    this.metrics.duration.observe({ verb: this.verb, resource: this.resource }, seconds);
  }
}
