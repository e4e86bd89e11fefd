import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { TelemetryConfig } from './config';

/**
 * OpenTelemetry traces, started by src/main.ts before the HTTP, Express and GraphQL modules load (the
 * instrumentations patch them as they are required). Each request is an HTTP server span, Express's middleware and
 * GraphQL's parse, validate, execute and resolver spans under it, and one span per Cypher round-trip under those
 * (src/graph/executor.ts: query name, rows, database time).
 *
 * Without OTEL_EXPORTER_OTLP_ENDPOINT nothing here runs: @opentelemetry/api's tracer is then a no-op, and the
 * executor's spans cost a function call (bench/RESULTS.md, "Tracing off").
 */
export interface Telemetry {
  /** Sends what is still buffered and stops recording. */
  shutdown(): Promise<void>;
}

/** `processor` replaces the OTLP export (tests pass an in-memory exporter's). */
export function startTelemetry(config: TelemetryConfig, processor?: SpanProcessor): Telemetry | undefined {
  const spanProcessor = processor ?? (config.otlpTracesUrl ? new BatchSpanProcessor(new OTLPTraceExporter({ url: config.otlpTracesUrl })) : undefined);
  if (!spanProcessor) return undefined;
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': config.serviceName }), spanProcessors: [spanProcessor] });
  provider.register();
  const stopInstrumenting = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // Liveness and readiness probes are not requests worth a trace.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => request.url === '/healthz' || request.url === '/readyz' }),
      new ExpressInstrumentation(),
      // Resolver spans only for fields that do work: a span per scalar field of every list item would drown the tree.
      new GraphQLInstrumentation({ ignoreTrivialResolveSpans: true, mergeItems: true }),
    ],
  });
  return {
    async shutdown() {
      stopInstrumenting();
      await provider.shutdown();
    },
  };
}
