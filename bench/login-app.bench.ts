// The resident login app's two budgets: all its JavaScript gzipped (fonts excluded; the entry
// chunk and the lazily loaded catalogues), and the time to an interactive first screen (the ID
// field in the page, enabled, in the first frame that shows it) in Chromium from a cold cache over
// loopback, from navigation start, against a real server in demo mode. `npm run bench:login-app` (builds the app
// first; BENCH_RUNS the runs). Prints one JSON
// document on stdout and a summary on stderr.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { loadConfig, startServer } from '@signet-kiosk/server';
import { launchChromium } from '../test/browser/support/browser.js';
import { registerTestClient } from '../test/support/test-client.js';
import { machineInfo } from './harness/machine.js';

const APP_DIR = path.resolve(import.meta.dirname, '../kiosk/dist/renderer');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const JS_BUDGET_BYTES = 150 * 1024;
const INTERACTIVE_BUDGET_MS = 1000;

function bundleSizes() {
  const assets = path.join(APP_DIR, 'assets');
  const page = readFileSync(path.join(APP_DIR, 'index.html'), 'utf8');
  const entry = /src="\/login\/app\/assets\/([^"]+\.js)"/.exec(page)?.[1];
  if (!entry) throw new Error('no entry script in kiosk/dist/renderer/index.html: run npm run build:renderer');
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  const gz = (f: string) => gzipSync(readFileSync(path.join(assets, f))).length;
  const css = readdirSync(assets).filter((f) => f.endsWith('.css'));
  return {
    entry: { file: entry, gzipBytes: gz(entry) },
    allJsGzipBytes: files.reduce((n, f) => n + gz(f), 0),
    jsFiles: files.map((f) => ({ file: f, gzipBytes: gz(f) })),
    cssGzipBytes: css.reduce((n, f) => n + gz(f), 0),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const sizes = bundleSizes();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'signet-bench-app-'));
  const config = loadConfig(
    {},
    { port: 0, dataDir, demo: true, logLevel: 'silent', adminToken: randomBytes(24).toString('base64url') },
  );
  const server = await startServer(config, { logger: pino({ level: 'silent' }) });
  const browser = await launchChromium();
  const timings: number[] = [];
  try {
    const client = await registerTestClient(server, { redirectUri: 'https://rp.example.org/callback' });
    for (let i = 0; i < RUNS; i++) {
      // A new context each run: an empty cache, as a resident's first visit.
      const context = await browser.newContext({ viewport: { width: 480, height: 900 } });
      await context.route(
        (url) => !url.href.startsWith(server.url),
        (route) => route.abort(),
      );
      // The moment of the first frame with the ID field on screen and enabled, noted in the page
      // itself (waiting for it from here would add the polling's own delay).
      await context.addInitScript(() => {
        const g = globalThis as unknown as { interactiveAt?: number };
        const observer = new MutationObserver(() => {
          const field = document.getElementById('individual-id') as HTMLInputElement | null;
          if (!field || field.disabled) return;
          observer.disconnect();
          requestAnimationFrame(() => (g.interactiveAt = performance.now()));
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true });
      });
      const page = await context.newPage();
      const params = new URLSearchParams({
        client_id: client.clientId,
        redirect_uri: client.redirectUri,
        response_type: 'code',
        scope: 'openid profile',
        state: randomBytes(8).toString('hex'),
        nonce: randomBytes(8).toString('hex'),
        code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
        code_challenge_method: 'S256',
        ui_locales: 'en',
      });
      await page.goto(`${server.url}/login?${params}`, { waitUntil: 'commit' });
      // Interactive: the ID field is on screen and enabled, the transaction open behind it.
      await page.locator('#individual-id:enabled').waitFor();
      await page.waitForFunction(
        () => (globalThis as unknown as { interactiveAt?: number }).interactiveAt !== undefined,
      );
      timings.push(await page.evaluate(() => (globalThis as unknown as { interactiveAt: number }).interactiveAt));
      if (process.env.BENCH_DETAIL) {
        const detail = await page.evaluate(() => ({
          response: Math.round(
            (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd,
          ),
          dcl: Math.round(
            (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
          ),
          resources: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(
            (r) => `${r.name.replace(/^.*\/(login|v1)/, '$1')} ${Math.round(r.startTime)}→${Math.round(r.responseEnd)}`,
          ),
        }));
        process.stderr.write(`${JSON.stringify(detail)}\n`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const firstScreen = {
    runs: RUNS,
    medianMs: Math.round(median(timings)),
    maxMs: Math.round(Math.max(...timings)),
    minMs: Math.round(Math.min(...timings)),
  };
  const report = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    bundle: { ...sizes, budgetBytes: JS_BUDGET_BYTES, pass: sizes.allJsGzipBytes <= JS_BUDGET_BYTES },
    firstScreenInteractive: {
      ...firstScreen,
      budgetMs: INTERACTIVE_BUDGET_MS,
      pass: firstScreen.maxMs < INTERACTIVE_BUDGET_MS,
    },
  };
  console.log(JSON.stringify(report, null, 2));
  process.stderr.write(
    `login app JS: ${(sizes.allJsGzipBytes / 1024).toFixed(1)} KB gzipped in all (entry ${(sizes.entry.gzipBytes / 1024).toFixed(1)} KB), budget 150 KB\n` +
      `first screen interactive of the login app (cold cache, loopback, Chromium, ${RUNS} runs): median ${firstScreen.medianMs} ms, max ${firstScreen.maxMs} ms, budget < 1000 ms\n`,
  );
}

await main();
