/**
 * report.html in a real browser (Debian's chromium through playwright-core): opened from disk with
 * the network off, the diagram and diagnostics are there, a diagnostic link scrolls its source line
 * into view, and a screenshot is taken (UPDATE_SCREENSHOT=1 writes docs/report-virt-optee.png).
 * Skipped without chromium (Debian: apt-get install chromium), unless DTPC_REQUIRE_BROWSER=1.
 *
 * Built for a loaded 2-core CI machine: a fresh profile folder per run (nothing left from another
 * run or user), the browser offline with every non-file request aborted, no /dev/shm reliance, and
 * timeouts generous enough for a slow chromium start.
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
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-sync',
  '--metrics-recording-only',
  '--no-default-browser-check',
  '--no-first-run',
  '--no-proxy-server',
];
/** Launching chromium on a busy machine can take tens of seconds. */
const LAUNCH_TIMEOUT = 90_000;
const STEP_TIMEOUT = 30_000;

// CI sets DTPC_REQUIRE_BROWSER=1 after installing chromium, so a missing browser fails there
// instead of skipping the test silently.
it.runIf(process.env.DTPC_REQUIRE_BROWSER === '1' && !fs.existsSync(CHROMIUM))(
  'chromium is installed (DTPC_REQUIRE_BROWSER=1)',
  () => {
    expect.fail(`${CHROMIUM} is missing: apt-get install chromium`);
  },
);

describe.skipIf(!fs.existsSync(CHROMIUM))('report.html in chromium', () => {
  it('shows the diagram and clickable diagnostics', { timeout: 180_000 }, async () => {
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
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dtpc-chromium-'));
    await emitOutputs(['report'], inputs, out);
    // A persistent context is how playwright takes an explicit --user-data-dir: a fresh folder.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      offline: true,
      viewport: { width: 1280, height: 900 },
      timeout: LAUNCH_TIMEOUT,
    });
    try {
      context.setDefaultTimeout(STEP_TIMEOUT);
      const requests: string[] = [];
      await context.route('**/*', (route) =>
        route.request().url().startsWith('file://') ? route.continue() : route.abort(),
      );
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${path.join(out, 'report.html')}`, { waitUntil: 'load' });
      expect(await page.locator('.diagram svg g.node').count()).toBeGreaterThan(3);
      const items = page.locator('li.diagnostic');
      expect(await items.count()).toBe(inputs.diagnostics.length);
      const link = page.locator('li.diagnostic a', { hasText: 'near the end of the board' });
      const href = await link.getAttribute('href');
      expect(href).toMatch(/^#f0-l\d+$/);
      const target = page.locator(href!);
      await page.evaluate('window.scrollTo(0, 0)');
      await link.click();
      await expect
        .poll(() => page.evaluate<string>('window.location.hash'), { timeout: STEP_TIMEOUT })
        .toBe(href);
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
      await context.close();
      fs.rmSync(out, { recursive: true, force: true });
      fs.rmSync(profile, { recursive: true, force: true });
    }
  });
});
