// npm run bench:ui — the renderer against its performance targets:
//   • a 100k-row virtualised table scrolled end to end in Chromium: worst and p95 frame (target ≤ 50 ms), with the
//     same table rendered without virtualisation (5k rows) as the baseline measured in this run;
//   • page load → data-app-state="ready" on the real console core and local backend (target ≤ 1.5 s);
//   • the renderer bundle, gzip (target ≤ 1.5 MB).
// Figures are printed, not asserted: a benchmark reports, the tests decide. Each run is kept in bench/results/.
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'vite';
import { createConsoleApp } from '../../electron/main/app/console-app.js';
import { fakeBox } from '../main/fake-box.js';
import globalSetup from '../e2e/support/global-setup.js';
import { BRIDGE_FILE, RENDERER_DIR, ROOT, TEMPLATE_DIR, WORK_DIR } from '../e2e/support/paths.js';
import { serveRenderer } from '../e2e/support/static-server.js';
import { runStamp, writeJson } from './records.js';

const TARGET = { frameMs: 50, readyMs: 1500, bundleBytes: 1.5 * 1024 * 1024 };
const BENCH_DIR = join(ROOT, 'test-results/bench-ui');
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const ms = (value: number) => `${value.toFixed(1)} ms`;
const verdict = (value: number, target: number) => `${(value / target).toFixed(2)}× target  ${value <= target ? 'ok' : 'MISS'}`;

async function buildBenchPage(): Promise<void> {
  await build({
    root: join(ROOT, 'renderer'),
    plugins: [react()],
    logLevel: 'warn',
    build: { outDir: BENCH_DIR, emptyOutDir: true, rollupOptions: { input: join(ROOT, 'renderer/bench.html') } },
  });
}

/** Scrolls the table top to bottom: first in big jumps (every frame a fresh set of rows), then smoothly. */
async function scrollFrames(page: Page): Promise<{ frames: number[]; rows: number }> {
  return page.evaluate(async () => {
    const scroller = document.querySelector<HTMLElement>('.table-scroll')!;
    const frames: number[] = [];
    const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
    let last = await frame();
    const step = async (top: number) => {
      scroller.scrollTop = top;
      const now = await frame();
      frames.push(now - last);
      last = now;
    };
    const end = scroller.scrollHeight - scroller.clientHeight;
    for (let i = 1; i <= 300; i++) await step((end * i) / 300);
    for (let top = end; top > end - 40 * 300 && top > 0; top -= 40) await step(top);
    for (let top = 0; top < 40 * 300 && top < end; top += 40) await step(top);
    return { frames, rows: document.querySelectorAll('tbody tr').length };
  });
}

// tsx keeps function names with a `__name` helper that functions sent to the page would call.
const KEEP_NAMES_SHIM = { content: 'window.__name = (fn) => fn;' };

async function tableBench(browser: Browser, origin: string, query: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(KEEP_NAMES_SHIM);
  const started = Date.now();
  await page.goto(`${origin}/bench.html?${query}`);
  await page.waitForSelector('body[data-bench="ready"]', { timeout: 120_000 });
  const firstPaint = Date.now() - started;
  const { frames, rows } = await scrollFrames(page);
  await page.close();
  if (process.env.HG_BENCH_DEBUG)
    console.log(
      query,
      frames
        .map((f, i) => [i, Math.round(f)])
        .sort((a, b) => b[1]! - a[1]!)
        .slice(0, 12),
    );
  return { firstPaint, worst: Math.max(...frames), p95: percentile(frames, 95), frames: frames.length, domRows: rows };
}

async function readyBench(browser: Browser): Promise<{ signedOut: number[]; signedIn: number[] }> {
  await globalSetup();
  const dataDir = await mkdtemp(join(WORK_DIR, 'bench-'));
  await cp(TEMPLATE_DIR, dataDir, { recursive: true });
  const server = await serveRenderer();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const core = createConsoleApp({
    dataDir,
    box: fakeBox('keychain', Buffer.alloc(32, 7)),
    files: { chooseOpenFile: async () => null, chooseSaveFile: async () => null, capturePng: async () => Buffer.alloc(0) },
    isTrustedSender: ({ url }) => url.startsWith(server.origin),
    env: {},
    emit: () => undefined,
    log: () => undefined,
  });
  await core.ready;
  await page.exposeBinding('__hgInvoke', ({ frame }, channel: unknown, input: unknown) =>
    core.router.handle(channel, input, { url: frame.url() }),
  );
  await page.addInitScript({ content: await readFile(BRIDGE_FILE, 'utf8') });
  await page.addInitScript(KEEP_NAMES_SHIM);
  // The moment the marker appears, on the page's own clock (0 = navigation start).
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-app-state="ready"]')) {
        (window as unknown as { __readyAt: number }).__readyAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  const measure = async () => {
    await page.goto(`${server.origin}/`);
    await page.waitForSelector('[data-app-state="ready"]');
    return page.evaluate(() => (window as unknown as { __readyAt: number }).__readyAt);
  };
  const signedOut: number[] = [];
  await measure(); // warm the HTTP cache and the database, as a second launch would be
  for (let i = 0; i < 5; i++) signedOut.push(await measure());
  await page.getByLabel('Email').fill('admin@humanglue.dev');
  await page.getByLabel('Password').fill('HumanGlue-demo-2026!');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  const signedIn: number[] = [];
  for (let i = 0; i < 5; i++) signedIn.push(await measure());
  await page.close();
  await core.close();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
  return { signedOut, signedIn };
}

async function bundleSize(): Promise<{ total: number; initial: number; files: number }> {
  const assets = join(RENDERER_DIR, 'assets');
  const html = await readFile(join(RENDERER_DIR, 'index.html'), 'utf8');
  let total = gzipSync(html).length;
  let initial = total;
  const names = (await readdir(assets)).filter((name) => /\.(js|css)$/.test(name));
  for (const name of names) {
    const size = gzipSync(await readFile(join(assets, name))).length;
    total += size;
    if (html.includes(`/assets/${name}`)) initial += size;
  }
  return { total, initial, files: names.length };
}

async function main(): Promise<void> {
  await buildBenchPage();
  const browser = await chromium.launch({ executablePath: process.env.HG_CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
  const bench = await serveRenderer(BENCH_DIR);
  try {
    const virtual = await tableBench(browser, bench.origin, 'rows=100000');
    const baseline = await tableBench(browser, bench.origin, 'rows=5000&virtual=0');
    const ready = await readyBench(browser);
    const bundle = await bundleSize();
    const median = (values: number[]) => percentile(values, 50);

    console.log('\nRenderer benchmark (Chromium, headless)\n');
    console.log('Virtualised table, 100,000 rows, scrolled end to end');
    console.log(`  first paint        ${ms(virtual.firstPaint)}   (${virtual.domRows} rows in the DOM while scrolling)`);
    console.log(`  worst frame        ${ms(virtual.worst)}   ${verdict(virtual.worst, TARGET.frameMs)}`);
    console.log(`  p95 frame          ${ms(virtual.p95)}   ${verdict(virtual.p95, TARGET.frameMs)}   over ${virtual.frames} frames`);
    console.log('Baseline: the same table without virtualisation, 5,000 rows');
    console.log(`  first paint        ${ms(baseline.firstPaint)}   (${baseline.domRows} rows in the DOM)`);
    console.log(`  worst frame        ${ms(baseline.worst)}   p95 ${ms(baseline.p95)}`);
    console.log(
      `  virtualised 100k vs plain 5k: first paint ${(baseline.firstPaint / virtual.firstPaint).toFixed(1)}× faster, worst frame ${(baseline.worst / virtual.worst).toFixed(1)}× lower, with 20× the rows`,
    );
    console.log('Page load → data-app-state="ready" (real console core, local backend; 5 loads each)');
    console.log(
      `  sign-in screen     median ${ms(median(ready.signedOut))}, worst ${ms(Math.max(...ready.signedOut))}   ${verdict(Math.max(...ready.signedOut), TARGET.readyMs)}`,
    );
    console.log(
      `  restored session   median ${ms(median(ready.signedIn))}, worst ${ms(Math.max(...ready.signedIn))}   ${verdict(Math.max(...ready.signedIn), TARGET.readyMs)}`,
    );
    console.log('Renderer bundle (gzip)');
    console.log(`  all ${bundle.files} files       ${(bundle.total / 1024).toFixed(0)} KiB   ${verdict(bundle.total, TARGET.bundleBytes)}`);
    console.log(`  loaded at start    ${(bundle.initial / 1024).toFixed(0)} KiB (screens load on first visit)`);

    // Each run kept beside the database benchmark's, so figures can be compared over time.
    const generatedAt = new Date();
    const runFile = join(ROOT, 'bench', 'results', `ui-bench-${runStamp(generatedAt, 1, null)}.json`);
    writeJson(runFile, {
      generatedAt: generatedAt.toISOString(),
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, chromium: browser.version() },
      targets: TARGET,
      virtualTable100k: virtual,
      plainTable5k: baseline,
      readyMs: ready,
      bundleBytes: bundle,
    });
    console.log(`\nresults: ${runFile}`);
  } finally {
    await bench.close();
    await browser.close();
  }
}

await main();
