import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/** A parsed HTTP request as route handlers see it. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** What a route handler returns: a JSON-serialisable body (or raw text) with an optional status and headers. */
export interface FakeResponse {
  readonly status?: number;
  readonly json?: unknown;
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A route handler. Throwing produces a 500. */
export type RouteHandler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/**
 * An injected fault, applied to the next matching request(s) instead of (or before) the real handler.
 * - `status`: answer with that status, body and headers (429 + `Retry-After`, 418, 5xx, an exchange error code...).
 * - `delay`: wait `ms` before answering normally (drives client timeouts).
 * - `malformed`: answer 200 with a body that is not valid JSON.
 * - `hangup`: destroy the socket without answering (a network error).
 */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly json?: unknown; readonly text?: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'malformed'; readonly text?: string }
  | { readonly kind: 'hangup' };

/** One logged HTTP request. */
export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The fault applied, if any. */
  readonly fault?: Fault['kind'];
}

/** A WebSocket client connection with the streams it subscribed to. */
export interface FakeSocket {
  readonly socket: WebSocket;
  readonly path: string;
  readonly streams: Set<string>;
}

/** Handler of a text message from a WebSocket client. */
export type WsMessageHandler = (client: FakeSocket, message: unknown) => void;

/**
 * A generic local HTTP + WebSocket server on 127.0.0.1 (ephemeral port) with pluggable routes, a request log and
 * fault injection. Exchange personalities ({@link FakeBinance}) register their routes and WebSocket protocol on it;
 * later ones (order endpoints, user data streams) add routes the same way.
 */
export class FakeServer {
  readonly requests: LoggedRequest[] = [];
  readonly sockets = new Set<FakeSocket>();
  private readonly routes = new Map<string, RouteHandler>();
  private readonly faults: { pattern: string; fault: Fault; remaining: number; skip: number }[] = [];
  private readonly wsHandlers: WsMessageHandler[] = [];
  private readonly connectionListeners = new Set<(client: FakeSocket) => void>();
  private readonly openSockets = new Set<Socket>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private port = 0;

  private constructor() {
    this.http = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.http.on('connection', (s) => {
      this.openSockets.add(s);
      s.on('close', () => this.openSockets.delete(s));
    });
    this.http.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req.url ?? '/'));
    });
  }

  /** Starts a server on 127.0.0.1 and an ephemeral port. */
  static async start(): Promise<FakeServer> {
    const s = new FakeServer();
    await new Promise<void>((resolve) => s.http.listen(0, '127.0.0.1', resolve));
    s.port = (s.http.address() as AddressInfo).port;
    return s;
  }

  /** `http://127.0.0.1:<port>` */
  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  /** `ws://127.0.0.1:<port>` */
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Registers (or replaces) the handler of `METHOD path`. */
  route(method: string, path: string, handler: RouteHandler): this {
    this.routes.set(`${method.toUpperCase()} ${path}`, handler);
    return this;
  }

  /** The handler registered for `METHOD path` (to wrap or restore it). */
  handlerOf(method: string, path: string): RouteHandler | undefined {
    return this.routes.get(`${method.toUpperCase()} ${path}`);
  }

  /**
   * Applies `fault` to the next `times` requests whose path starts with `pathPrefix` (in order of injection), after
   * letting `skip` matching requests through untouched (to fail in the middle of a download).
   */
  injectFault(pathPrefix: string, fault: Fault, times = 1, skip = 0): this {
    this.faults.push({ pattern: pathPrefix, fault, remaining: times, skip });
    return this;
  }

  /** Removes every pending fault. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Requests whose path starts with `pathPrefix`. */
  requestsTo(pathPrefix: string): LoggedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(pathPrefix));
  }

  /** Adds a handler for WebSocket text messages (parsed as JSON when possible). */
  onWsMessage(handler: WsMessageHandler): void {
    this.wsHandlers.push(handler);
  }

  /** Sends `payload` (JSON) to every client subscribed to `stream`; returns how many received it. */
  broadcast(stream: string, payload: unknown): number {
    const text = JSON.stringify(payload);
    let n = 0;
    for (const c of this.sockets) {
      if (c.streams.has(stream) && c.socket.readyState === WebSocket.OPEN) {
        c.socket.send(text);
        n++;
      }
    }
    return n;
  }

  /** Number of clients subscribed to `stream`. */
  subscribers(stream: string): number {
    let n = 0;
    for (const c of this.sockets) if (c.streams.has(stream) && c.socket.readyState === WebSocket.OPEN) n++;
    return n;
  }

  /** Resolves once at least `count` clients are subscribed to `stream` (polls every 5 ms, real time). */
  async waitForSubscribers(stream: string, count = 1, timeoutMs = 5000): Promise<void> {
    const start = Date.now();
    while (this.subscribers(stream) < count) {
      if (Date.now() - start > timeoutMs) throw new Error(`fake-exchange: no ${count} subscriber(s) to ${stream} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Resolves once `predicate()` is true (polls every 5 ms, real time). */
  async waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    const start = Date.now();
    while (!predicate()) {
      if (Date.now() - start > timeoutMs) throw new Error(`fake-exchange: ${what} not met within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Abruptly terminates every WebSocket connection (as a network drop would). */
  dropWebSockets(): number {
    const n = this.sockets.size;
    for (const c of this.sockets) c.socket.terminate();
    this.sockets.clear();
    return n;
  }

  /** Open WebSocket connections. */
  get connectionCount(): number {
    let n = 0;
    for (const c of this.sockets) if (c.socket.readyState === WebSocket.OPEN) n++;
    return n;
  }

  /** Calls `listener` for every new WebSocket connection. */
  onConnection(listener: (client: FakeSocket) => void): void {
    this.connectionListeners.add(listener);
  }

  /** Stops the server, closing all connections. */
  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.dropWebSockets();
    for (const s of this.openSockets) s.destroy();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private accept(socket: WebSocket, url: string): void {
    const client: FakeSocket = { socket, path: url, streams: new Set() };
    this.sockets.add(client);
    socket.on('close', () => this.sockets.delete(client));
    socket.on('error', () => this.sockets.delete(client));
    socket.on('message', (data) => {
      const text = String(data);
      let message: unknown = text;
      try {
        message = JSON.parse(text);
      } catch {
        // keep as text
      }
      for (const h of this.wsHandlers) h(client, message);
    });
    for (const l of this.connectionListeners) l(client);
  }

  private takeFault(path: string): Fault | undefined {
    const i = this.faults.findIndex((f) => path.startsWith(f.pattern));
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    if (f.skip > 0) {
      f.skip--;
      return undefined;
    }
    if (--f.remaining <= 0) this.faults.splice(i, 1);
    return f.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.httpUrl);
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const fault = this.takeFault(url.pathname);
    this.requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(fault === undefined ? {} : { fault: fault.kind }),
    });
    const send = (status: number, text: string, headers: Readonly<Record<string, string>> = {}) => {
      if (res.destroyed || res.writableEnded) return;
      res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
      res.end(text);
    };
    if (fault?.kind === 'hangup') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      send(fault.status, fault.text ?? JSON.stringify(fault.json ?? {}), fault.headers);
      return;
    }
    if (fault?.kind === 'malformed') {
      send(200, fault.text ?? '{"symbol":"BTCUSDT","bids":[[');
      return;
    }
    if (fault?.kind === 'delay') {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.timers.delete(t);
          resolve();
        }, fault.ms);
        this.timers.add(t);
      });
    }
    const handler = this.routes.get(`${(req.method ?? 'GET').toUpperCase()} ${url.pathname}`);
    if (handler === undefined) {
      send(404, JSON.stringify({ code: -1, msg: `fake-exchange: no route ${req.method} ${url.pathname}` }));
      return;
    }
    try {
      const r = await handler({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body });
      send(r.status ?? 200, r.text ?? JSON.stringify(r.json ?? {}), r.headers);
    } catch (error) {
      send(500, JSON.stringify({ code: -1000, msg: `fake-exchange handler error: ${(error as Error).message}` }));
    }
  }
}
