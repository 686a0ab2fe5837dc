import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HealthReport {
  status: 'ok' | 'degraded';
  db: 'up' | 'down';
  redis: 'up' | 'down';
  queues?: Record<string, Record<string, number>>;
}

export interface OpsHandlers {
  health(): Promise<HealthReport>;
  metrics(): Promise<{ contentType: string; body: string }>;
}

/**
 * A tiny HTTP server for operations: `GET /health` (200 ok / 503 degraded, with db, redis and queue counts) and
 * `GET /metrics` (Prometheus text). No authentication: bind it to a private interface (WORKER_OPS_HOST).
 */
export async function startOpsServer(port: number, host: string, h: OpsHandlers): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'application/json', JSON.stringify({ error: 'method_not_allowed' }));
    if (path === '/health') {
      h.health()
        .then((r) => reply(r.status === 'ok' ? 200 : 503, 'application/json', JSON.stringify(r)))
        .catch((e: Error) => reply(503, 'application/json', JSON.stringify({ status: 'degraded', error: e.message })));
      return;
    }
    if (path === '/metrics') {
      h.metrics()
        .then((m) => reply(200, m.contentType, m.body))
        .catch((e: Error) => reply(500, 'text/plain', `metrics failed: ${e.message}`));
      return;
    }
    reply(404, 'application/json', JSON.stringify({ error: 'not_found', paths: ['/health', '/metrics'] }));
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}

export async function probe(fn: () => Promise<unknown>, ms = 1500): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, rej) => (timer = setTimeout(() => rej(new Error('timeout')), ms)))]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
