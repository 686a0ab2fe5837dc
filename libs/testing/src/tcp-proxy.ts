import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy a test controls, to make a shared server (PostgreSQL, Redis) unavailable to the code under test
 * without stopping it for the other suites. Modes:
 *   `up`        forwards every connection to the target
 *   `refuse`    cuts every open connection and resets new ones at once (a server that is down)
 *   `blackhole` cuts every open connection and accepts new ones without ever answering (a network partition;
 *               clients see their connect timeout)
 * `url(original)` rewrites a postgres:// or redis:// URL to go through the proxy.
 */
export type ProxyMode = 'up' | 'refuse' | 'blackhole';

export class TcpProxy {
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  private mode: ProxyMode = 'up';
  port = 0;
  /** Connections accepted while up (a test can assert the code really went through the proxy). */
  forwarded = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const p = new TcpProxy(targetHost, targetPort);
    p.server = createServer((client) => p.accept(client));
    await new Promise<void>((resolve, reject) => {
      p.server.once('error', reject);
      p.server.listen(0, '127.0.0.1', () => resolve());
    });
    p.port = (p.server.address() as AddressInfo).port;
    return p;
  }

  /** `postgres://u@127.0.0.1:5432/db` → the same URL through this proxy. */
  url(original: string): string {
    const u = new URL(original);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  get current(): ProxyMode {
    return this.mode;
  }

  set(mode: ProxyMode): void {
    this.mode = mode;
    if (mode !== 'up') this.cutAll();
  }

  async stop(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private cutAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => s.destroy());
  }

  private accept(client: Socket): void {
    if (this.mode === 'refuse') {
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    this.track(client);
    if (this.mode === 'blackhole') return;
    this.forwarded++;
    const upstream = connect(this.targetPort, this.targetHost);
    this.track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
  }
}
