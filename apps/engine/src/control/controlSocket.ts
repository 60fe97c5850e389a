import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { BotError } from '@bot/core-types';

/** Operator commands accepted on the control socket. */
export type ControlCommand =
  | { readonly command: 'kill'; readonly operator: string; readonly reason: string }
  | { readonly command: 'reset'; readonly operator: string; readonly reason: string }
  | { readonly command: 'status' };

/** The engine's answer to a command. */
export interface ControlReply {
  readonly ok: boolean;
  readonly message: string;
  readonly data?: unknown;
}

/** Path of the control socket inside an engine state directory. */
export function controlSocketPath(stateDir: string): string {
  return join(stateDir, 'engine.sock');
}

function parseCommand(line: string): ControlCommand | string {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return 'not JSON';
  }
  if (raw === null || typeof raw !== 'object') return 'expected an object';
  const r = raw as Record<string, unknown>;
  if (r['command'] === 'status') return { command: 'status' };
  if (r['command'] === 'kill' || r['command'] === 'reset') {
    if (typeof r['operator'] !== 'string' || r['operator'].length === 0) return 'operator (who is acting) is required';
    return { command: r['command'], operator: r['operator'], reason: typeof r['reason'] === 'string' ? r['reason'] : '' };
  }
  return `unknown command ${JSON.stringify(r['command'])}; expected kill, reset or status`;
}

/**
 * A Unix domain socket in the state directory (mode 0600: only the engine's user) through which `bot kill`,
 * `bot reset` and `bot status` reach a running engine. This is the only way to act on a running engine besides
 * the physical kill switch; the HTTP dashboard stays read-only. One JSON command per line, one JSON reply per line.
 */
export class ControlSocket {
  private server: Server | undefined;
  constructor(
    private readonly path: string,
    private readonly handler: (command: ControlCommand) => Promise<ControlReply> | ControlReply,
  ) {}

  async listen(): Promise<void> {
    if (existsSync(this.path)) {
      // A socket left by a crashed engine: refuse if another engine still answers on it.
      const alive = await sendControlCommand(this.path, { command: 'status' }).then(
        () => true,
        () => false,
      );
      if (alive) throw new BotError('CONFIG', `another engine is running with this state directory (${this.path})`);
      unlinkSync(this.path);
    }
    const server = createServer((socket) => this.serve(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, () => resolve());
    });
    chmodSync(this.path, 0o600);
    this.server = server;
  }

  private serve(socket: Socket): void {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const parsed = parseCommand(line);
        const reply: Promise<ControlReply> =
          typeof parsed === 'string'
            ? Promise.resolve({ ok: false, message: parsed })
            : new Promise<ControlReply>((resolve) => resolve(this.handler(parsed))).catch((e: unknown) => ({
                ok: false,
                message: (e as Error).message,
              }));
        void reply.then((r) => socket.write(`${JSON.stringify(r)}\n`));
      }
    });
    socket.on('error', () => socket.destroy());
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    if (existsSync(this.path)) unlinkSync(this.path);
  }
}

/**
 * Sends one command to a running engine and returns its reply.
 * @throws BotError `NETWORK` when no engine listens on the socket, `TIMEOUT` when it does not answer.
 */
export function sendControlCommand(path: string, command: ControlCommand, timeoutMs = 5000): Promise<ControlReply> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let buffer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new BotError('TIMEOUT', `engine at ${path} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(command)}\n`));
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        socket.end();
        try {
          resolve(JSON.parse(buffer.slice(0, nl)) as ControlReply);
        } catch (cause) {
          reject(new BotError('INTERNAL', 'malformed reply from the engine', { cause }));
        }
      }
    });
    socket.on('error', (cause) => {
      clearTimeout(timer);
      reject(new BotError('NETWORK', `no engine is running at ${path} (${cause.message})`, { cause }));
    });
  });
}
