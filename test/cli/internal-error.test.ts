/** A bug in dtpc (an exception no diagnostic covers) ends in one line and exit 3, not a stack trace. */
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../cli/explain.js', () => ({
  explainCommand: () =>
    new Command('explain').action(() => {
      throw new Error('boom');
    }),
}));

const { main } = await import('../../cli/program.js');

describe('internal errors', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    delete process.env.DTPC_DEBUG;
  });

  it('prints one line with a code and a hint and exits 3', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    expect(await main(['explain'])).toBe(3);
    const text = written.join('');
    expect(text).toContain('dtpc: internal error: boom [internal/crash]');
    expect(text).toContain('hint: this is a bug in dtpc');
    expect(text).not.toContain('    at ');
  });

  it('prints the stack with DTPC_DEBUG=1', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    process.env.DTPC_DEBUG = '1';
    expect(await main(['explain'])).toBe(3);
    expect(written.join('')).toContain('    at ');
  });
});
