/**
 * Tells a hung Neo4j from a slow query. neo4j-driver 5.28 waits for a reply for as long as the socket stays
 * open: against a SIGSTOPped JVM (whose kernel still accepts connections) a query on a pooled connection
 * hangs for the whole stall, and only new acquisitions fail, after connectionAcquisitionTimeout and with an
 * uncoded "Connection acquisition timed out". A per-query deadline cannot be short, since a real query may
 * legitimately run for its whole transaction budget. So one tiny probe (`RETURN 1`, on a driver of its own so
 * a busy pool cannot delay it) runs every `intervalMs`; when one goes unanswered for `timeoutMs`, or fails,
 * Neo4j is declared unavailable: every transaction waiting on it is released with GraphUnavailableError at
 * once, and new ones fail fast instead of queueing behind a dead pool. The first probe that succeeds again
 * declares it available.
 */

export interface LivenessOptions {
  intervalMs: number;
  timeoutMs: number;
  /** Told about every change of state, with the reason when Neo4j is lost. */
  onChange?: (available: boolean, reason?: string) => void;
}

/** What the executor needs: the current state, and a way to be told at once when Neo4j is lost. */
export interface LivenessSignal {
  readonly available: boolean;
  /** Why Neo4j was last declared unavailable (for error messages). */
  readonly reason: string;
  /** Calls `listener` when Neo4j is declared unavailable; returns the function that stops listening. */
  onLost(listener: (reason: string) => void): () => void;
}

export class LivenessWatch implements LivenessSignal {
  private state = { available: true, reason: '' };
  private readonly listeners = new Set<(reason: string) => void>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(
    private readonly probe: () => Promise<void>,
    private readonly options: LivenessOptions,
  ) {}

  get available(): boolean {
    return this.state.available;
  }

  get reason(): string {
    return this.state.reason;
  }

  onLost(listener: (reason: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One probe, raced against `timeoutMs`. Exposed so tests and /readyz-like callers can force a check. */
  async check(): Promise<boolean> {
    const outcome = await withDeadline(this.probe(), this.options.timeoutMs);
    if (outcome.ok) this.markAvailable();
    else this.markUnavailable(outcome.reason);
    return outcome.ok;
  }

  private schedule(): void {
    if (this.stopped) return;
    // Unref'd: the probe must never be what keeps a finished CLI or test process alive.
    this.timer = setTimeout(() => {
      void this.check().finally(() => this.schedule());
    }, this.options.intervalMs).unref();
  }

  private markAvailable(): void {
    if (this.state.available) return;
    this.state = { available: true, reason: '' };
    this.options.onChange?.(true);
  }

  private markUnavailable(reason: string): void {
    const wasAvailable = this.state.available;
    this.state = { available: false, reason };
    if (!wasAvailable) return;
    this.options.onChange?.(false, reason);
    for (const listener of [...this.listeners]) listener(reason);
  }
}

type Outcome = { ok: true } | { ok: false; reason: string };

/**
 * The probe's outcome, or a timeout. When the timer fires the check is deferred by one setImmediate: if this
 * process's event loop was blocked (a long GC, a busy CI box), the probe's reply may be waiting in the socket,
 * and the poll phase that runs before setImmediate reads it, so a late timer is not mistaken for a hung server.
 */
export function withDeadline(probe: Promise<void>, timeoutMs: number): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => setImmediate(() => settle({ ok: false, reason: `Neo4j did not answer a liveness probe within ${timeoutMs} ms` })), timeoutMs);
    timer.unref();
    probe.then(
      () => settle({ ok: true }),
      (error: unknown) => settle({ ok: false, reason: `Neo4j liveness probe failed: ${error instanceof Error ? error.message : String(error)}` }),
    );
  });
}
