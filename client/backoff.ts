// Exponential backoff for reconnect loops: base, doubling, capped.

export class Backoff {
  private current: number;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly factor = 2,
  ) {
    this.current = initialMs;
  }

  /** The delay to wait now; the following call answers a longer one. */
  next(): number {
    const delay = this.current;
    this.current = Math.min(this.maxMs, this.current * this.factor);
    return delay;
  }

  reset(): void {
    this.current = this.initialMs;
  }
}
