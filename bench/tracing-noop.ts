import { SpanKind, trace } from '@opentelemetry/api';

/**
 * What the executor's round-trip span costs when tracing is off (no SDK registered, the default): the no-op
 * tracer's startActiveSpan around an async call, against the same call without it. `npx tsx bench/tracing-noop.ts`
 */

const tracer = trace.getTracer('pubgraph.graph');
const N = 1_000_000;
const work = async () => 1;

async function plain(): Promise<number> {
  let sum = 0;
  for (let i = 0; i < N; i++) sum += await work();
  return sum;
}

async function spanned(): Promise<number> {
  let sum = 0;
  for (let i = 0; i < N; i++) {
    sum += await tracer.startActiveSpan('cypher publicationsByIds', { kind: SpanKind.CLIENT }, async (span) => {
      try {
        const value = await work();
        if (span.isRecording()) span.setAttributes({ 'db.response.returned_rows': value });
        return value;
      } finally {
        span.end();
      }
    });
  }
  return sum;
}

async function nsPerCall(run: () => Promise<number>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / N;
}

async function main(): Promise<void> {
  const rounds: { plain: number; spanned: number }[] = [];
  for (let round = 0; round < 5; round++) rounds.push({ plain: await nsPerCall(plain), spanned: await nsPerCall(spanned) });
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const p = median(rounds.map((r) => r.plain));
  const s = median(rounds.map((r) => r.spanned));
  process.stdout.write(`no-op span per round-trip: ${(s - p).toFixed(0)} ns (plain ${p.toFixed(0)} ns, with span ${s.toFixed(0)} ns; median of 5 rounds of ${N})\n`);
}

void main();
