import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EngineStatus } from '../engineStatus.js';
import { renderDashboard } from './dashboardPage.js';
import type { EngineMetrics } from './engineMetrics.js';

/** Options of {@link StatusServer}. */
export interface StatusServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly status: () => EngineStatus;
  readonly metrics: EngineMetrics;
  /** How often `/api/events` pushes a snapshot, ms. */
  readonly pushIntervalMs?: number;
}

/**
 * The engine's read-only HTTP surface: `/` dashboard, `/api/status` JSON snapshot, `/api/events` server-sent events
 * (a snapshot per push interval), `/healthz` (200 while the feed is healthy and the kill switch is not latched,
 * else 503 with the reason) and Prometheus `/metrics`. Only GET and HEAD are served: it offers no trading controls,
 * every other method answers 405.
 */
export class StatusServer {
  private readonly server: Server;
  private readonly clients = new Set<ServerResponse>();
  private pushTimer: ReturnType<typeof setInterval> | undefined;
  private readonly page: string;

  constructor(private readonly options: StatusServerOptions) {
    this.page = renderDashboard();
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`internal error: ${(error as Error).message}`);
      });
    });
  }

  /** Starts listening; resolves with the URL. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
    this.pushTimer = setInterval(() => this.push(), this.options.pushIntervalMs ?? 1000);
    this.pushTimer.unref();
    const { port } = this.server.address() as AddressInfo;
    return `http://${this.options.host}:${port}/`;
  }

  /** Pushes a fresh snapshot to every `/api/events` subscriber now. */
  push(): void {
    if (this.clients.size === 0) return;
    const data = `data: ${JSON.stringify(this.options.status())}\n\n`;
    for (const client of this.clients) client.write(data);
  }

  async close(): Promise<void> {
    if (this.pushTimer) clearInterval(this.pushTimer);
    for (const client of this.clients) client.end();
    this.clients.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      res.end('read-only: this server offers no trading controls\n');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    switch (path) {
      case '/':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(this.page);
        return;
      case '/api/status':
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(this.options.status()));
        return;
      case '/api/events': {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(`data: ${JSON.stringify(this.options.status())}\n\n`);
        this.clients.add(res);
        req.on('close', () => this.clients.delete(res));
        return;
      }
      case '/healthz': {
        const status = this.options.status();
        const problems = [
          ...(status.feed.healthy ? [] : [`feed ${status.feed.name} unhealthy${status.feed.stale ? ' (stale)' : ''}`]),
          ...(status.killSwitch.state === 'triggered' ? [`kill switch triggered: ${status.killSwitch.reason ?? ''}`] : []),
        ];
        res.writeHead(problems.length === 0 ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: problems.length === 0 ? 'ok' : 'degraded', tradingMode: status.tradingMode, problems }));
        return;
      }
      case '/metrics': {
        this.options.metrics.refresh(this.options.status());
        res.writeHead(200, { 'content-type': this.options.metrics.registry.contentType });
        res.end(await this.options.metrics.registry.metrics());
        return;
      }
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found\n');
    }
  }
}
