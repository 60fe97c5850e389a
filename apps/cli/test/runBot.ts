import { vi } from 'vitest';
import { createProgram } from '../src/program.js';

/**
 * Runs `bot <args>` in-process (no build needed) and returns what it wrote to stdout. Errors reach the caller as
 * rejections (commander's `exitOverride`), so tests can assert on messages.
 */
export async function runBot(args: readonly string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    await createProgram().exitOverride().parseAsync(['node', 'bot', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}
