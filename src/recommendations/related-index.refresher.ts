import type { GraphExecutor } from '../graph/executor';
import { countUnindexed, refreshRelatedIndex, type RefreshSummary } from './related-index.cypher';
import { DEFAULT_WEIGHTS } from './related.rules';

export interface RefresherLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Keeps the related index current in the background: at start when some publication is not covered (a fresh or
 * re-seeded graph), and `delayMs` after the last edit (edits come in bursts; one refresh follows the burst).
 * One refresh runs at a time; an edit during a refresh schedules another. Until a refresh lands, an edited
 * publication scores live (its own list is exact at once) and other lists may miss it as a candidate: the index
 * only chooses candidates, it never shows a stale reason or score.
 */
export class RelatedIndexRefresher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly executor: GraphExecutor,
    private readonly log: RefresherLog,
    private readonly delayMs: number,
  ) {}

  /** Refreshes soon if any publication lacks an index entry. */
  async start(): Promise<void> {
    const missing = await countUnindexed(this.executor);
    if (missing > 0) {
      this.log.info({ missing }, 'related index incomplete: refreshing in the background');
      this.trigger();
    }
  }

  /** Called after every committed edit. */
  schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.trigger(), this.delayMs);
    this.timer.unref();
  }

  /** Resolves when no refresh is running or pending a re-run (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** No further refreshes; one in progress is abandoned when the driver closes (each batch is its own transaction,
   *  so what it wrote is consistent and the next start finishes the job). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.trigger();
      }
    });
  }

  private async run(): Promise<void> {
    try {
      const summary: RefreshSummary = await refreshRelatedIndex(this.executor, DEFAULT_WEIGHTS);
      this.log.info(summary, 'related index refreshed');
    } catch (error) {
      // Serving never depends on the index (an uncovered publication scores live); the next edit or start retries.
      if (this.stopped) this.log.info({}, 'related index refresh abandoned at shutdown');
      else this.log.error({ err: error }, 'related index refresh failed');
    }
  }
}
