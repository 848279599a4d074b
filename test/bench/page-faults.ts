// First touches of memory: each 4 KB page a process touches for the first time is a minor page fault, which the kernel
// answers with a zeroed page. Their cost depends on the machine far more than the CPU does: inside a virtual machine
// whose host hands out memory lazily it can be ten times what it is on bare metal. bench:app counts the faults of a
// start and prices them on this machine, measured in the same run, so a start's time can be read apart from them.
import { readFileSync } from 'node:fs';

/** Minor page faults of the main thread so far (Linux: /proc/self/task/<pid>/stat, field 10), else undefined. */
export function mainThreadFaults(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // After "pid (comm) ", field 3 (state) comes first; minflt is field 10.
    const minflt = Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[7]);
    return Number.isFinite(minflt) ? minflt : undefined;
  } catch {
    return undefined;
  }
}

/** The main thread's minor page faults since `from` (a mainThreadFaults() reading), else undefined. */
export function faultsSince(from: number | undefined): number | undefined {
  const now = mainThreadFaults();
  return from === undefined || now === undefined ? undefined : now - from;
}

/**
 * This machine's cost of one first touch, in µs: the median of three 32 MB buffers written once per page, timed and
 * divided by the faults the main thread took meanwhile. Undefined where faults are not counted.
 */
export function firstTouchMicros(): number | undefined {
  const costs: number[] = [];
  for (let round = 0; round < 3; round++) {
    const before = mainThreadFaults();
    const began = performance.now();
    const bytes = new Uint8Array(32 * 1024 * 1024);
    for (let at = 0; at < bytes.length; at += 4096) bytes[at] = 1;
    const took = performance.now() - began;
    const after = mainThreadFaults();
    if (before === undefined || after === undefined || after <= before) return undefined;
    costs.push((took * 1000) / (after - before));
  }
  return costs.sort((a, b) => a - b)[1];
}
