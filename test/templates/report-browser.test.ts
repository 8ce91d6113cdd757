/**
 * report.html in a real browser (Debian's chromium through playwright-core): opened from disk with
 * the network off, the diagram and diagnostics are there, a diagnostic link scrolls its source line
 * into view, and a screenshot is taken (UPDATE_SCREENSHOT=1 writes docs/report-virt-optee.png).
 * Skipped without chromium (Debian: apt-get install chromium).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { emitInputsFor, emitOutputs } from '../../cli/emit.js';
import { NodeFileSystem } from '../../compiler/source/file-system.js';
import { loadPlatform } from '../../runtime/platform/load.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

describe.skipIf(!fs.existsSync(CHROMIUM))('report.html in chromium', () => {
  it('shows the diagram and clickable diagnostics', { timeout: 60_000 }, async () => {
    const input = 'platforms/virt-optee';
    const loaded = loadPlatform({ input, compile: {}, fs: new NodeFileSystem() });
    const inputs = emitInputsFor(loaded, ['report'], input)!;
    // A diagnostic on a late source line, so following its link has to scroll.
    const lines = inputs.sources![0]!.text.split('\n').length;
    inputs.diagnostics = [
      ...(inputs.diagnostics ?? []),
      {
        code: 'test/late-line',
        severity: 'warning',
        message: 'a diagnostic near the end of the board',
        span: { file: inputs.sources![0]!.file, line: lines - 2, col: 1, endLine: lines - 2, endCol: 2 },
      },
    ];
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-report-'));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    try {
      await emitOutputs(['report'], inputs, out);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${path.join(out, 'report.html')}`);
      expect(await page.locator('.diagram svg g.node').count()).toBeGreaterThan(3);
      const items = page.locator('li.diagnostic');
      expect(await items.count()).toBe(inputs.diagnostics.length);
      const link = page.locator('li.diagnostic a', { hasText: 'near the end of the board' });
      const href = await link.getAttribute('href');
      expect(href).toMatch(/^#f0-l\d+$/);
      const target = page.locator(href!);
      await page.evaluate('window.scrollTo(0, 0)');
      await link.click();
      await expect.poll(() => page.evaluate<string>('window.location.hash')).toBe(href);
      const box = await target.boundingBox();
      expect(box && box.y >= 0 && box.y < 900).toBe(true);
      expect(await target.getAttribute('class')).toBe('marked');
      expect(requests.every((u) => u.startsWith('file://'))).toBe(true);
      await page.evaluate('window.scrollTo(0, 0)');
      // The committed picture is refreshed on request only, so a test run leaves the tree clean.
      const shot =
        process.env.UPDATE_SCREENSHOT === '1' ? 'docs/report-virt-optee.png' : path.join(out, 'shot.png');
      await page.screenshot({ path: shot, fullPage: false });
      expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
