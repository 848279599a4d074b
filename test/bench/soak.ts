// tsx test/bench/soak.ts — the soak of issue 20: HG_SOAK_CALLS (default 20,000) mixed calls through the console
// core's router on the local backend in this one process (test/soak/soak-run.ts: lists, searches, moderation
// decisions, refunds, CSV exports), memory sampled every HG_SOAK_SAMPLE_EVERY (default 250) calls. Prints the
// figures (calls/s, RSS start/end/peak, the slope of RSS and heap over the second half in MB per 1,000 calls, the
// heap after a full collection, handles and listeners before and after) and keeps them in
// bench/results/soak-<UTC time>.json. Run with `node --expose-gc --import tsx test/bench/soak.ts` for the collector
// to be exposed the ordinary way; without it the script turns V8's flag on itself. Figures are printed, not asserted:
// test/main/soak.test.ts asserts a shorter run.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { runStamp, writeJson } from './records.js';
import { runSoak, type Counts } from '../soak/soak-run.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CALLS = Number(process.env.HG_SOAK_CALLS ?? 20_000);
const SAMPLE_EVERY = Number(process.env.HG_SOAK_SAMPLE_EVERY ?? 250);

const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
const list = (counts: Counts) =>
  Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `${name} ${count}`)
    .join(', ') || 'none';

let printed = 0;
const stamp = runStamp(new Date(), 1, null);
console.log(`Soak: ${CALLS} calls through the console core's router (Node ${process.version}, ${cpus().length} cores, load ${load()})`);
const figures = await runSoak({
  calls: CALLS,
  sampleEvery: SAMPLE_EVERY,
  warmup: Math.min(1000, Math.round(CALLS / 10)),
  onSample: (s) => {
    if ((printed += 1) % 8 === 1) {
      console.log(
        `  ${String(s.calls).padStart(6)} calls  ${(s.atMs / 1000).toFixed(0).padStart(4)} s  rss ${s.rssMb} MB  heap ${s.heapUsedMb} MB  external ${s.externalMb} MB`,
      );
    }
  },
});
const file = join(ROOT, 'bench', 'results', `soak-${stamp}.json`);
writeJson(file, { at: new Date().toISOString(), node: process.version, cores: cpus().length, loadAfter: load(), ...figures });

const f = figures;
console.log(`
start              ${f.start.readyMs} ms to ready (${f.start.steps.join(' → ')})
calls              ${f.calls} in ${(f.durationMs / 1000).toFixed(1)} s (${f.callsPerSecond} calls/s)
unexpected         ${f.unexpectedCount}${f.unexpected.length ? `: ${JSON.stringify(f.unexpected.slice(0, 5))}` : ''}
expected refusals  ${list(f.expectedRefusals)}
decisions          ${f.decisions.decided} decided, ${f.decisions.undone} undone, ${f.decisions.staleRefused} stale refused
refunds            ${f.refunds.made} made (${f.refunds.refunded.toFixed(2)}), ${f.refunds.replayed} replayed by key, ${f.refunds.overRefused} above the remainder refused
exports            ${f.exports.started} started, ${f.exports.done} done (${f.exports.rows} rows), other: ${list(f.exports.other)}, files left ${f.exports.filesLeftInFolder}
RSS                start ${f.rss.startMb} MB, end ${f.rss.endMb} MB, peak ${f.rss.peakMb} MB
slope (2nd half)   RSS ${f.slope.rssMbPer1000} MB, heap ${f.slope.heapUsedMbPer1000} MB, external ${f.slope.externalMbPer1000} MB per 1,000 calls
heap after GC      ${f.gcHeap ? `${f.gcHeap.baselineMb} MB after warm-up → ${f.gcHeap.endMb} MB at the end` : 'gc not reachable'}
handles            before core: ${list(f.handles.beforeCore)}
                   after warm-up: ${list(f.handles.baseline)}
                   at the end: ${list(f.handles.end)}
                   after close: ${list(f.handles.afterClose)}
listeners          after warm-up: ${list(f.listeners.baseline)}
                   at the end: ${list(f.listeners.end)}
                   after close: ${list(f.listeners.afterClose)}
operations         unfinished ${f.operations.unfinished.length}, imports running ${f.operations.runningImports}
warnings           ${f.warnings.length ? f.warnings.join('; ') : 'none'}
logged by the core ${list(f.logged)}
session events     ${list(f.sessionEvents)}
kept in            ${file}`);
