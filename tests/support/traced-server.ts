import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTelemetry } from '../../src/telemetry';
import { connectTestGraph, silentLogger, testConfig } from './graph';

/**
 * The HTTP service with tracing on and an in-memory span exporter, in a process of its own: jest loads modules
 * through its own registry, which the instrumentations' require hooks never see, so they can only patch http,
 * express and graphql in a plain Node process, as in production (src/main.ts). Started by tests with
 * `fork(..., { execArgv: ['--import', 'tsx'] })`; it sends `{ url }` once listening and the finished spans when
 * sent 'spans'.
 */

export interface FinishedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
}

async function main(): Promise<void> {
  const exporter = new InMemorySpanExporter();
  const config = testConfig();
  const telemetry = startTelemetry(config.telemetry, new SimpleSpanProcessor(exporter))!;
  const { startServer } = await import('../../src/server/app');
  const graph = await connectTestGraph(config);
  const server = await startServer({ config, executor: graph.executor, logger: silentLogger, port: 0 });
  process.on('message', (message) => {
    if (message === 'spans') {
      const spans: FinishedSpan[] = exporter.getFinishedSpans().map((s) => ({
        name: s.name,
        kind: s.kind,
        traceId: s.spanContext().traceId,
        spanId: s.spanContext().spanId,
        parentSpanId: s.parentSpanContext?.spanId,
        attributes: { ...s.attributes },
      }));
      process.send!({ spans });
    }
    if (message === 'stop') {
      void server
        .stop()
        .then(() => graph.close())
        .then(() => telemetry.shutdown())
        .then(() => process.exit(0));
    }
  });
  process.send!({ url: server.url });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
