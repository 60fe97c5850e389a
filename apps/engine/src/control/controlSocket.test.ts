import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ControlCommand, ControlSocket, controlSocketPath, sendControlCommand } from './controlSocket.js';

describe('ControlSocket', () => {
  const sockets: ControlSocket[] = [];
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
  });

  function dir(): string {
    return mkdtempSync(join(tmpdir(), 'bot-ctl-'));
  }

  it('delivers kill/reset/status commands and returns the engine reply', async () => {
    const path = controlSocketPath(dir());
    const received: ControlCommand[] = [];
    const socket = new ControlSocket(path, (c) => {
      received.push(c);
      return { ok: true, message: `done ${c.command}` };
    });
    sockets.push(socket);
    await socket.listen();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await expect(sendControlCommand(path, { command: 'kill', operator: 'alice', reason: 'test' })).resolves.toEqual({ ok: true, message: 'done kill' });
    await expect(sendControlCommand(path, { command: 'status' })).resolves.toMatchObject({ ok: true });
    expect(received).toEqual([{ command: 'kill', operator: 'alice', reason: 'test' }, { command: 'status' }]);
  });

  it('refuses malformed commands and commands without an operator', async () => {
    const path = controlSocketPath(dir());
    const socket = new ControlSocket(path, () => ({ ok: true, message: 'should not run' }));
    sockets.push(socket);
    await socket.listen();
    const bad = await sendControlCommand(path, { command: 'kill', operator: '', reason: '' });
    expect(bad).toEqual({ ok: false, message: 'operator (who is acting) is required' });
    const unknown = await sendControlCommand(path, { command: 'launch' } as unknown as ControlCommand);
    expect(unknown.ok).toBe(false);
    expect(unknown.message).toMatch(/unknown command "launch"/);
  });

  it('reports a handler failure as a reply, not a crash', async () => {
    const path = controlSocketPath(dir());
    const socket = new ControlSocket(path, () => {
      throw new Error('reset refused: cooldown');
    });
    sockets.push(socket);
    await socket.listen();
    await expect(sendControlCommand(path, { command: 'reset', operator: 'bob', reason: '' })).resolves.toEqual({ ok: false, message: 'reset refused: cooldown' });
  });

  it('says clearly when no engine is running, and replaces a stale socket file left by a crash', async () => {
    const d = dir();
    const path = controlSocketPath(d);
    await expect(sendControlCommand(path, { command: 'status' })).rejects.toThrow(/no engine is running at/);
    writeFileSync(path, ''); // stale leftover
    const socket = new ControlSocket(path, () => ({ ok: true, message: 'fresh' }));
    sockets.push(socket);
    await socket.listen();
    await expect(sendControlCommand(path, { command: 'status' })).resolves.toEqual({ ok: true, message: 'fresh' });
  });

  it('refuses to start a second engine on the same state directory', async () => {
    const path = controlSocketPath(dir());
    const first = new ControlSocket(path, () => ({ ok: true, message: 'first' }));
    sockets.push(first);
    await first.listen();
    await expect(new ControlSocket(path, () => ({ ok: true, message: 'second' })).listen()).rejects.toThrow(/another engine is running/);
  });
});
