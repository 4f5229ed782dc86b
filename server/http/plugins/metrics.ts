/**
 * Prometheus metrics at `/metrics`: process defaults plus request counts and latencies,
 * and when each background job last succeeded on any instance (from the job-run log), so
 * a stalled sweeper shows whichever instance is scraped.
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Gauge, Registry, collectDefaultMetrics, Histogram } from 'prom-client';

/** Options of the metrics plugin. */
export interface MetricsOptions {
  /** When each job last finished a run successfully (ISO times), read at each scrape. */
  lastJobSuccess?: () => Promise<{ job: string; at: string }[]>;
}

export const metrics = fp(
  async (app: FastifyInstance, options: MetricsOptions) => {
    // One registry per app, so several apps in one process (tests) never clash.
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'civicgrid_' });
    const duration = new Histogram({
      name: 'civicgrid_http_request_duration_seconds',
      help: 'HTTP request latency by route and status.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    const lastJobSuccess = options.lastJobSuccess;
    if (lastJobSuccess) {
      new Gauge({
        name: 'civicgrid_job_last_success_timestamp_seconds',
        help: 'When each background job last finished a run successfully, on any instance (Unix seconds).',
        labelNames: ['job'],
        registers: [registry],
        async collect() {
          this.reset();
          for (const { job, at } of await lastJobSuccess())
            this.set({ job }, Date.parse(at) / 1000);
        },
      });
    }
    app.addHook('onResponse', async (request, reply) => {
      duration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
      reply.type(registry.contentType).send(await registry.metrics()),
    );
  },
  { name: 'metrics' },
);
