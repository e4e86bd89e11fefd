/**
 * Admission control for database work: at most `maxConcurrent` transactions of this process run on Neo4j at
 * once; the next `maxQueued` wait in arrival order, each for at most `maxWaitMs`; anything beyond is refused at
 * once. A refused or expired call fails with GraphOverloadedError, which the HTTP layer answers with 503 and
 * Retry-After, so a burst costs the replica a short queue instead of memory and latency for everyone.
 *
 * Hand-written (about fifty lines): p-limit and p-queue bound concurrency but queue without limit and never
 * give up on a waiting task, and shedding after a bounded wait is the point here.
 */

export interface AdmissionLimits {
  /** Transactions running at once; 0 = no bound (the gate admits everything at once). */
  maxConcurrent: number;
  /** Calls waiting for a slot at most; a call beyond them is refused without waiting. */
  maxQueued: number;
  /** How long a call waits for a slot before it is refused. */
  maxWaitMs: number;
  /** What the refusal tells clients: when to try again. */
  retryAfterSeconds: number;
}

/** The replica has more database work than it admits: the caller should retry after `retryAfterSeconds`. */
export class GraphOverloadedError extends Error {
  override readonly name = 'GraphOverloadedError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

interface Waiter {
  admit: () => void;
  timer: NodeJS.Timeout;
}

export class AdmissionGate {
  private running = 0;
  private readonly queue: Waiter[] = [];

  constructor(readonly limits: AdmissionLimits) {}

  /** Work in flight and waiting, for metrics and tests. */
  get load(): { running: number; queued: number } {
    return { running: this.running, queued: this.queue.length };
  }

  /** Runs `work` once a slot is free; rejects with GraphOverloadedError when none frees up in time. */
  async run<T>(name: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.limits.maxConcurrent === 0) return work();
    await this.acquire(name, signal);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  /** A slot, or a rejection: refused, waited too long, or `signal` aborted while waiting (with its reason). */
  private acquire(name: string, signal?: AbortSignal): Promise<void> {
    const { maxConcurrent, maxQueued, maxWaitMs, retryAfterSeconds } = this.limits;
    if (this.running < maxConcurrent && this.queue.length === 0) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.queue.length >= maxQueued) {
      return Promise.reject(new GraphOverloadedError(`Too much database work in flight (${name}): ${this.running} running, ${this.queue.length} waiting`, retryAfterSeconds));
    }
    return new Promise<void>((resolve, reject) => {
      const leave = (why: unknown) => {
        clearTimeout(waiter.timer);
        signal?.removeEventListener('abort', aborted);
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        reject(why);
      };
      const aborted = () => leave(signal?.reason);
      const waiter: Waiter = {
        // The slot is handed over by release(): `running` stays as it is.
        admit: () => {
          clearTimeout(waiter.timer);
          signal?.removeEventListener('abort', aborted);
          resolve();
        },
        timer: setTimeout(() => leave(new GraphOverloadedError(`No database slot freed within ${maxWaitMs} ms (${name})`, retryAfterSeconds)), maxWaitMs),
      };
      this.queue.push(waiter);
      signal?.addEventListener('abort', aborted, { once: true });
    });
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next.admit();
    else this.running -= 1;
  }
}
