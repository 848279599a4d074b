// The renderer benchmark's measurements, each on a fresh page of the benchmark page (renderer/bench.html):
//   • frame intervals while a table scrolls end to end, or while j/k walk the moderation queue, one step a frame;
//   • the same number of frames on an empty page in the same run, so a stall of the machine shows as such;
//   • the trends screen from "its rows are handed to the renderer" to "the frame with the whole chart is painted".
// Frame intervals are requestAnimationFrame timestamps: the display runs at 60 Hz, so every interval is a whole
// number of 16.7 ms vsyncs; `vsyncs` counts how many frames took one, two, or three and more. A second, traced run
// of the table and the queue gives the renderer main thread's CPU time per frame: the page's own work, which other
// processes on the machine stretch far less than they stretch frame intervals.
import type { Browser, Page } from '@playwright/test';

/** tsx keeps function names with a `__name` helper that functions sent to the page would call. */
const KEEP_NAMES_SHIM = { content: 'window.__name = (fn) => fn;' };
const VSYNC_MS = 1000 / 60;

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

export interface FrameStats {
  frames: number;
  worst: number;
  p95: number;
  median: number;
  /** Frames that took one vsync, two, and three or more. */
  vsyncs: { one: number; two: number; more: number };
}

export function frameStats(frames: number[]): FrameStats {
  const vsyncs = { one: 0, two: 0, more: 0 };
  for (const frame of frames) {
    const n = Math.round(frame / VSYNC_MS);
    if (n <= 1) vsyncs.one++;
    else if (n === 2) vsyncs.two++;
    else vsyncs.more++;
  }
  return { frames: frames.length, worst: Math.max(...frames), p95: percentile(frames, 95), median: percentile(frames, 50), vsyncs };
}

export interface CpuStats {
  frames: number;
  mean: number;
  p95: number;
  worst: number;
  /** Which frame (0-based, in the order the scene runs them) had the worst, and how much of it was garbage
   * collection (V8's MinorGC/MajorGC on the main thread). */
  worstAt: number;
  worstGc: number;
  /** All garbage collection on the main thread during the scene. */
  gc: { count: number; ms: number; worst: number };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
}

/** Runs `run` under a Chrome trace; per interval between two 'bench:frame' marks, the thread time of the main
 * thread's tasks that started in it. */
async function mainThreadCpu<T>(page: Page, run: () => Promise<T>): Promise<{ result: T; cpu: CpuStats }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', {
    categories: 'blink.user_timing,devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  const result = await run();
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  const marks = events.filter((event) => event.name === 'bench:frame').sort((a, b) => a.ts - b.ts);
  const main = marks[0];
  const tasks = events
    .filter(
      (e) =>
        e.ph === 'X' && e.pid === main?.pid && e.tid === main?.tid && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'),
    )
    .sort((a, b) => a.ts - b.ts);
  const gcs = events
    .filter((e) => e.ph === 'X' && e.pid === main?.pid && e.tid === main?.tid && (e.name === 'MinorGC' || e.name === 'MajorGC'))
    .filter((e) => marks.length > 0 && e.ts >= marks[0]!.ts && e.ts < marks[marks.length - 1]!.ts);
  const perFrame: number[] = [];
  const gcPerFrame: number[] = [];
  let task = 0;
  for (let i = 1; i < marks.length; i++) {
    let cpu = 0;
    while (task < tasks.length && tasks[task]!.ts < marks[i - 1]!.ts) task++;
    for (let j = task; j < tasks.length && tasks[j]!.ts < marks[i]!.ts; j++) cpu += (tasks[j]!.tdur ?? 0) / 1000;
    perFrame.push(cpu);
    const inFrame = gcs.filter((e) => e.ts >= marks[i - 1]!.ts && e.ts < marks[i]!.ts);
    gcPerFrame.push(inFrame.reduce((sum, e) => sum + (e.tdur ?? 0) / 1000, 0));
  }
  const mean = perFrame.reduce((sum, value) => sum + value, 0) / Math.max(perFrame.length, 1);
  const worst = Math.max(...perFrame);
  // perFrame[k] is the interval between the marks after frames k and k + 1 of the scene: frame k + 1's work.
  const worstAt = perFrame.indexOf(worst) + 1;
  const gcMs = gcs.map((e) => (e.tdur ?? 0) / 1000);
  return {
    result,
    cpu: {
      frames: perFrame.length,
      mean,
      p95: percentile(perFrame, 95),
      worst,
      worstAt,
      worstGc: gcPerFrame[worstAt - 1] ?? 0,
      gc: { count: gcMs.length, ms: gcMs.reduce((sum, value) => sum + value, 0), worst: Math.max(0, ...gcMs) },
    },
  };
}

async function openScene(browser: Browser, origin: string, query: string, init?: () => void): Promise<{ page: Page; firstPaint: number }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(KEEP_NAMES_SHIM);
  if (init) await page.addInitScript(init);
  const started = Date.now();
  await page.goto(`${origin}/bench.html?${query}`);
  await page.waitForSelector('body[data-bench="ready"]', { timeout: 120_000 });
  return { page, firstPaint: Date.now() - started };
}

/** Where a frame of the table scroll happened: which part of the scroll, and the scroll offset it set. */
export interface ScrollFrame {
  frame: number;
  phase: 'jumps top to end' | 'smooth up from the end' | 'smooth down from the top';
  offset: number;
  /** The first row in view at that offset (1-based). */
  row: number;
}

/** Scrolls the table top to bottom: first in big jumps (every frame a fresh set of rows), as dragging the scrollbar
 * does, then smoothly 40 px a frame, up from the end and down from the top. */
function scrollTable(): Promise<{ frames: number[]; offsets: number[]; ends: number[]; rows: number }> {
  return (async () => {
    const scroller = document.querySelector<HTMLElement>('.table-scroll')!;
    const frames: number[] = [];
    const offsets: number[] = [];
    const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
    let last = await frame();
    const step = async (top: number) => {
      scroller.scrollTop = top;
      const now = await frame();
      performance.mark('bench:frame');
      frames.push(now - last);
      offsets.push(scroller.scrollTop);
      last = now;
    };
    const end = scroller.scrollHeight - scroller.clientHeight;
    const ends: number[] = [];
    for (let i = 1; i <= 300; i++) await step((end * i) / 300);
    ends.push(frames.length);
    for (let top = end; top > end - 40 * 300 && top > 0; top -= 40) await step(top);
    ends.push(frames.length);
    for (let top = 0; top < 40 * 300 && top < end; top += 40) await step(top);
    return { frames, offsets, ends, rows: document.querySelectorAll('tbody tr').length };
  })();
}

/** Frame `frame` of scrollTable's run, placed: which part of the scroll and which rows it showed. */
function scrollFrame(run: { offsets: number[]; ends: number[] }, frame: number): ScrollFrame {
  const phase = frame < run.ends[0]! ? 'jumps top to end' : frame < run.ends[1]! ? 'smooth up from the end' : 'smooth down from the top';
  const offset = Math.round(run.offsets[frame] ?? NaN);
  return { frame, phase, offset, row: Math.floor(offset / 36) + 1 };
}

export async function tableScroll(browser: Browser, origin: string, query: string) {
  const { page, firstPaint } = await openScene(browser, origin, `scene=table&${query}`);
  const run = await page.evaluate(scrollTable);
  await page.close();
  const stats = frameStats(run.frames);
  // The slowest frames, where they happened: the same place run after run points at the table, scattered ones at
  // the machine or the garbage collector.
  const slowest = run.frames
    .map((ms, frame) => ({ ms, ...scrollFrame(run, frame) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  return { firstPaint, ...stats, domRows: run.rows, slowest };
}

/** The same scroll, traced: the main thread's CPU time per frame. */
export async function tableScrollCpu(browser: Browser, origin: string, query: string): Promise<CpuStats & { worstFrame: ScrollFrame }> {
  const { page } = await openScene(browser, origin, `scene=table&${query}`);
  const { result, cpu } = await mainThreadCpu(page, () => page.evaluate(scrollTable));
  await page.close();
  return { ...cpu, worstFrame: scrollFrame(result, cpu.worstAt) };
}

/** `count` frames of a page that does nothing: what this browser on this machine delivers at best, in this run. */
export async function emptyFrames(browser: Browser, origin: string, count: number) {
  const { page } = await openScene(browser, origin, 'scene=empty');
  const frames = await page.evaluate(async (count) => {
    const frames: number[] = [];
    const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
    let last = await frame();
    for (let i = 0; i < count; i++) {
      const now = await frame();
      frames.push(now - last);
      last = now;
    }
    return frames;
  }, count);
  await page.close();
  return frameStats(frames);
}

/** j pressed once a frame from the first review to the last, then k back to the first. */
function walkQueue(rows: number): Promise<{ frames: number[]; bottom: number; top: number; domRows: number }> {
  return (async () => {
    const frames: number[] = [];
    const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
    const activeIndex = () => Number(document.querySelector('tbody tr.active')?.getAttribute('aria-rowindex') ?? 0) - 2;
    let last = await frame();
    const press = async (key: string) => {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      const now = await frame();
      performance.mark('bench:frame');
      frames.push(now - last);
      last = now;
    };
    for (let i = 1; i < rows; i++) await press('j');
    await frame();
    const bottom = activeIndex();
    for (let i = 1; i < rows; i++) await press('k');
    await frame();
    return { frames, bottom, top: activeIndex(), domRows: document.querySelectorAll('tbody tr').length };
  })();
}

async function openQueue(browser: Browser, origin: string, rows: number) {
  const scene = await openScene(browser, origin, `scene=moderation&rows=${rows}`);
  await scene.page.waitForSelector('table[aria-label="Reviews to moderate"] tbody tr.active');
  return scene;
}

/** The moderation queue of `rows` reviews walked with j and k, one key a frame. The next pages load as the
 * selection nears the end of what is loaded, as they do for a person. */
export async function queueKeyboard(browser: Browser, origin: string, rows: number) {
  const { page, firstPaint } = await openQueue(browser, origin, rows);
  const result = await page.evaluate(walkQueue, rows);
  await page.close();
  return { firstPaint, ...frameStats(result.frames), reachedRow: result.bottom + 1, backToRow: result.top + 1, domRows: result.domRows };
}

/** The same walk, traced: the main thread's CPU time per key press. */
export async function queueKeyboardCpu(browser: Browser, origin: string, rows: number): Promise<CpuStats> {
  const { page } = await openQueue(browser, origin, rows);
  const { cpu } = await mainThreadCpu(page, () => page.evaluate(walkQueue, rows));
  await page.close();
  return cpu;
}

/** The trends screen with `orgs` organisations over 24 months, loaded `runs` times. Each run times, on the page's
 * clock, from the moment the trends rows are handed to the renderer (the bridge's answer) to:
 *   committed: the chart's lines are all in the DOM (a MutationObserver sees the last one);
 *   painted:   the frame that shows them has been painted (the first task after that frame's rendering);
 *   table:     the same for the table of numbers under the chart (a row per month), which the screen renders after
 *              the chart. */
export async function trendsRender(browser: Browser, origin: string, orgs: number, runs: number) {
  const lines = orgs + 1; // and the platform average
  const samples: Array<{ committed: number; painted: number; table: number }> = [];
  for (let run = 0; run < runs; run++) {
    const { page } = await openScene(browser, origin, `scene=trends&orgs=${orgs}&months=24`, () => {
      const marks = { committed: 0, painted: 0, table: 0 };
      (window as unknown as { __chart: typeof marks }).__chart = marks;
      const params = new URLSearchParams(location.search);
      const expected = Number(params.get('orgs')) + 1;
      const months = Number(params.get('months'));
      // The DOM as it is now is what the next frame paints; the first task after that frame's rendering is "painted".
      const afterPaint = (done: () => void) =>
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = done;
          channel.port2.postMessage(null);
        });
      let chartSeen = false;
      let tableSeen = false;
      new MutationObserver((_, observer) => {
        if (!chartSeen && document.querySelectorAll('.trend-chart path.trend-line').length >= expected) {
          chartSeen = true;
          marks.committed = performance.now();
          afterPaint(() => (marks.painted = performance.now()));
        }
        if (!tableSeen && document.querySelectorAll('.trend-table tbody tr').length >= months) {
          tableSeen = true;
          afterPaint(() => (marks.table = performance.now()));
        }
        if (chartSeen && tableSeen) observer.disconnect();
      }).observe(document, { subtree: true, childList: true });
    });
    await page.waitForFunction(
      () => {
        const marks = (window as unknown as { __chart: { painted: number; table: number } }).__chart;
        return marks.painted > 0 && marks.table > 0;
      },
      null,
      { timeout: 60_000 },
    );
    const { dataAt, committed, painted, table, drawn } = await page.evaluate(() => {
      const marks = (window as unknown as { __chart: { committed: number; painted: number; table: number } }).__chart;
      return {
        dataAt: (window as unknown as { __bench: { trendsDataAt?: number } }).__bench.trendsDataAt ?? NaN,
        ...marks,
        drawn: document.querySelectorAll('.trend-chart path.trend-line').length,
      };
    });
    if (drawn !== lines) throw new Error(`the trends chart drew ${drawn} lines, not ${lines}`);
    samples.push({ committed: committed - dataAt, painted: painted - dataAt, table: table - dataAt });
    await page.close();
  }
  const painted = samples.map((sample) => sample.painted);
  const table = samples.map((sample) => sample.table);
  return {
    organisations: orgs,
    months: 24,
    lines,
    runs: samples,
    median: percentile(painted, 50),
    worst: Math.max(...painted),
    tableMedian: percentile(table, 50),
    tableWorst: Math.max(...table),
  };
}
