// Long use, shortened (issue 20): 2,000 mixed calls through the real console core on the local backend, as one
// admin with a second factor (test/soak/soak-run.ts: queue and payment pages, counts, totals, searches, decisions
// and undos, stale decisions, refunds and their replays, refunds above the remainder, CSV exports, audit, people,
// trends). Every call answers ok or with the refusal the mix asked for; the core keeps no more handles or process
// listeners than after its warm-up, leaves no operation running and no export file behind, and its heap after a
// full collection grows by less than HEAP_BOUND_MB. `tsx test/bench/soak.ts` runs the full 20,000 and reports.
import { beforeAll, describe, expect, it } from 'vitest';
import { findGc, runSoak, type Counts, type SoakFigures } from '../soak/soak-run.js';
import { templateImage } from './local-template.js';

const CALLS = 2000;
/** A leak of 4 KB per call (a listener with its closure, a cached response) would pass this over 1,700 calls. */
const HEAP_BOUND_MB = 8;
/** Without a collector, heapUsed also holds garbage not yet collected: a looser bound. */
const HEAP_BOUND_NO_GC_MB = 40;

const total = (counts: Counts) => Object.values(counts).reduce((sum, count) => sum + count, 0);

describe('2,000 calls of a staff member’s day through the console core', () => {
  let f: SoakFigures;
  beforeAll(async () => {
    // the suite's own image of the SQL as it is (npm test does not run build:db)
    f = await runSoak({ calls: CALLS, sampleEvery: 50, warmup: 300, localImage: await templateImage() });
    console.log(
      `soak: ready in ${f.start.readyMs} ms (${f.start.steps.join(' → ')}); ${f.calls} calls in ${f.durationMs} ms; rss ${f.rss.startMb}→${f.rss.endMb} MB (peak ${f.rss.peakMb}); ` +
        `heap after gc ${JSON.stringify(f.gcHeap)}; slope ${JSON.stringify(f.slope)}; handles ${JSON.stringify(f.handles)}`,
    );
  }, 300_000); // about 50 s on a quiet machine of 2 cores; far more when it is shared

  it('answers every call ok or with the refusal the person would be shown', () => {
    expect(f.calls).toBeGreaterThanOrEqual(CALLS);
    expect(f.unexpected, `${f.unexpectedCount} unexpected outcomes`).toEqual([]);
    expect(f.unexpectedCount).toBe(0);
    // The mix did what it says: every kind of work ran, writes included.
    for (const action of [
      'reviews page',
      'search everywhere',
      'decide and undo',
      'payments page',
      'refund',
      'refund above the remainder',
      'export',
      'audit and people',
      'trends',
    ]) {
      expect(f.actions[action], action).toBeGreaterThan(0);
    }
    expect(f.decisions.decided).toBeGreaterThan(20);
    expect(f.decisions.undone).toBe(f.decisions.decided);
    expect(f.refunds.made).toBeGreaterThan(20);
    expect(f.refunds.replayed).toBeGreaterThan(0);
    // A refusal says why in words: who changed the review and when; what is left to refund.
    expect(f.decisions.staleRefused).toBeGreaterThan(0);
    for (const message of f.decisions.staleMessages) {
      expect(message).toMatch(/^already (changed|decided) by .+ at \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/);
    }
    expect(f.refunds.overRefused).toBeGreaterThan(0);
    for (const message of f.refunds.overMessages) expect(message).toMatch(/exceeds the refundable remainder of \d+\.\d{2} [A-Z]{3}/);
    // The core logs a refusal as a handler error and nothing else.
    expect(f.logged).toEqual(
      Object.fromEntries(Object.entries(f.expectedRefusals).map(([outcome, count]) => [`handler-error ${outcome}`, count])),
    );
    expect(f.sessionEvents).toEqual({ signed_in: 1 });
  });

  it('ends every export with its file written, leaves nothing running and no file behind', () => {
    expect(f.exports.started).toBeGreaterThan(0);
    expect(f.exports.other).toEqual({});
    expect(f.exports.done).toBe(f.exports.started);
    expect(f.exports.rows).toBeGreaterThan(0);
    expect(f.exports.filesLeftInFolder).toBe(0);
    expect(f.operations).toEqual({ unfinished: [], runningImports: 0 });
  });

  it('holds no more handles or process listeners after the mix than after its warm-up, and none after closing', () => {
    for (const [kind, count] of Object.entries(f.handles.end)) {
      expect(count, `${kind}: ${JSON.stringify(f.handles)}`).toBeLessThanOrEqual(f.handles.baseline[kind] ?? 0);
    }
    expect(f.listeners.end).toEqual(f.listeners.baseline);
    expect(f.warnings).toEqual([]); // MaxListenersExceededWarning is how a listener leak shows itself
    // Closing stops the core's timers (session refresh, pools) and closes its database.
    for (const [kind, count] of Object.entries(f.handles.afterClose)) {
      expect(count, `${kind}: ${JSON.stringify(f.handles)}`).toBeLessThanOrEqual(f.handles.beforeCore[kind] ?? 0);
    }
    expect(total(f.listeners.afterClose)).toBeLessThanOrEqual(total(f.listeners.baseline));
  });

  it(`keeps the heap after a full collection within ${HEAP_BOUND_MB} MB of its size after the warm-up`, () => {
    if (f.gcHeap) {
      expect(f.gcHeap.endMb - f.gcHeap.baselineMb, JSON.stringify(f.gcHeap)).toBeLessThan(HEAP_BOUND_MB);
    } else {
      expect(findGc()).toBeNull(); // only when this runtime cannot reach the collector at all
      const last = f.samples.at(-1)!;
      const first = f.samples.find((s) => s.calls >= 300)!;
      expect(last.heapUsedMb - first.heapUsedMb).toBeLessThan(HEAP_BOUND_NO_GC_MB);
    }
  });
});
