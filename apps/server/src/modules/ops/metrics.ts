/**
 * The Prometheus registry of this app (one per app: tests build many) and the request latency
 * histogram. Installed on the root app before the modules (app.ts), so its onResponse hook sees
 * every route; the gauges are added by ops.routes.ts.
 */
import type { FastifyInstance } from 'fastify';
import client from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: client.Registry;
  }
}

export function installMetrics(app: FastifyInstance): void {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'yte_' });
  const latency = new client.Histogram({
    name: 'yte_http_request_duration_seconds', help: 'HTTP request latency by route template, method and status class',
    labelNames: ['method', 'route', 'status'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
  });
  app.decorate('metrics', registry);
  // Labelled by the route template (bounded cardinality); paths with no route are one label.
  app.addHook('onResponse', async (req, reply) => {
    latency.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
  });
}
