// bench:app's count of a start's first touches of memory (test/bench/page-faults.ts): the field it reads from /proc
// must be the main thread's minor faults, or the start's figures would price the wrong thing.
import { describe, expect, it } from 'vitest';
import { firstTouchMicros, mainThreadFaults } from '../bench/page-faults.js';

// Linux only, like the suite (CI runs on Debian); elsewhere mainThreadFaults() answers undefined.
describe('first touches of memory', () => {
  it('counts one fault per new 4 KB page the main thread writes, and none for a page written again', () => {
    const bytes = new Uint8Array(16 * 1024 * 1024);
    const before = mainThreadFaults()!;
    for (let at = 0; at < bytes.length; at += 4096) bytes[at] = 1;
    const first = mainThreadFaults()! - before;
    for (let at = 0; at < bytes.length; at += 4096) bytes[at] = 2;
    const again = mainThreadFaults()! - before - first;
    // 4,096 pages; with transparent huge pages the kernel may map 2 MB at once, so fewer; never more than a few extra
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(4096 + 200);
    expect(again).toBeLessThan(50);
    expect(firstTouchMicros()).toBeGreaterThan(0);
  });
});
