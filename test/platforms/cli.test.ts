/** dtpc build and dtpc run through the command line: exit codes and the files written. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/program.js';
import { INCLUDE, PLATFORMS } from '../runtime/platform/support.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-run-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function quiet(argv: string[]): Promise<number> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return await main(argv);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('dtpc build / run', () => {
  it('builds platform.json and runs it with a scenario and a JSON-lines trace', async () => {
    const board = path.join(PLATFORMS, 'scmi-smc', 'board.dts');
    expect(await quiet(['build', board, '-i', INCLUDE, '-o', dir])).toBe(0);
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'platform.json'), 'utf8'));
    expect(config.format).toBe('dtpc-platform/1');
    expect(config.board).toBe('board.dts');
    const trace = path.join(dir, 't.jsonl');
    const scenario = path.join(PLATFORMS, 'scmi-smc', 'scenario.yaml');
    expect(
      await quiet(['run', path.join(dir, 'platform.json'), '--scenario', scenario, '--trace', trace, '-q']),
    ).toBe(0);
    const lines = fs.readFileSync(trace, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(1000);
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual(['t', 'kind', 'src', 'msg', 'data']);
  });

  it('runs a bundled platform folder green, and fails with a mismatching profile', async () => {
    expect(await quiet(['run', path.join(PLATFORMS, 'virt-optee'), '-q'])).toBe(0);
    const fw = path.join(dir, 'fw.yaml');
    fs.writeFileSync(fw, 'optee:\n  asyncNotif: { intid: 48 }\n');
    expect(await quiet(['run', path.join(PLATFORMS, 'virt-optee'), '--firmware', fw, '-q'])).toBe(1);
  });

  it('rejects bad flags as usage errors', async () => {
    expect(await quiet(['run', path.join(PLATFORMS, 'virt-optee'), '--until', 'soon'])).toBe(2);
    expect(await quiet(['build', path.join(PLATFORMS, 'virt-optee')])).toBe(2);
  });
});
