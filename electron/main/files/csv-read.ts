// Reading a CSV file as a stream of records with their line numbers, so a 100k-row export never sits in memory
// whole and main's event loop gets a turn between chunks. papaparse parses; backpressure is applied at the file
// stream (paused while enough records wait), which avoids papaparse's own pause/resume.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import Papa from 'papaparse';
import { IpcFailure } from '../ipc/errors.js';

export interface CsvRecord {
  /** The record's row number as a spreadsheet shows it: the header is 1, blank lines count, a value spanning lines
   * is one row. For the processors' exports (no multi-line values) it is also the text line. */
  line: number;
  cells: string[];
  /** Set when papaparse could not read the record cleanly (an unclosed or stray quote). */
  problem: string | null;
}

export interface CsvShape {
  delimiter: string;
}

const SNIFF_BYTES = 64 * 1024;

/** Looks at the start of the file: refuses what is not UTF-8 text, and picks the delimiter from the header line. */
export async function sniffCsv(path: string, name: string): Promise<CsvShape> {
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head.length === 0) throw new IpcFailure('validation', `${name} is empty.`, { field: 'file_id' });
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new IpcFailure(
      'validation',
      `${name} is saved as UTF-16 text. Export it again as CSV (or save it as "CSV UTF-8") and pick it again.`,
      { field: 'file_id' },
    );
  }
  if (head.includes(0) || !isUtf8(head)) {
    throw new IpcFailure(
      'validation',
      `${name} is not a UTF-8 text file: it may be a spreadsheet or another binary file, or text saved in an older ` +
        'encoding. Export it from the processor as CSV (UTF-8) and pick it again.',
      { field: 'file_id' },
    );
  }
  return { delimiter: guessDelimiter(head.toString('utf8')) };
}

/** Whether the bytes are UTF-8, allowing a character cut in two at the end (the sniff reads a fixed length). */
function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The most frequent of , ; tab | in the first line outside quotes (comma when none). */
export function guessDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
    ['|', 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

const PROBLEMS: Record<string, string> = {
  MissingQuotes: 'a quoted value is not closed (a missing "), so the rest of the file was read into this row',
  InvalidQuotes: 'has a stray quote (") in a value',
};
// Past the sniffed start, bytes that are not UTF-8 arrive as U+FFFD (Node's decoder replaces them); a processor
// export never writes that character, so the row is reported rather than imported with mangled text.
const NOT_UTF8 = 'has bytes that are not UTF-8 text (part of the file is in another encoding): export it again as CSV UTF-8';

export interface ReadOptions extends CsvShape {
  /** Records per yielded batch. */
  batchSize?: number;
  /** Bytes per read; tests make it small to cross chunk boundaries. */
  highWaterMark?: number;
}

/**
 * Yields the file's records in batches, header included, blank lines left out (they still count for line numbers).
 * Stopping early (break, return, an exception in the consumer) closes the file.
 */
export async function* readCsv(path: string, options: ReadOptions): AsyncGenerator<CsvRecord[], void, undefined> {
  const batchSize = options.batchSize ?? 2_000;
  const high = batchSize * 4;
  const stream = createReadStream(path, {
    encoding: 'utf8',
    ...(options.highWaterMark ? { highWaterMark: options.highWaterMark } : {}),
  });
  const queue: CsvRecord[] = [];
  let head = 0;
  let finished = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  let line = 0;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  Papa.parse<string[]>(stream, {
    delimiter: options.delimiter,
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
    step(results) {
      line += 1;
      const cells = results.data;
      if (line === 1 && cells.length > 0) cells[0] = cells[0]!.replace(/^\uFEFF/, '');
      const error = results.errors.find((e) => e.code in PROBLEMS);
      if (!error && cells.length === 1 && cells[0]!.trim() === '') return; // a blank line
      const problem = error ? PROBLEMS[error.code]! : cells.some((cell) => cell.includes('\uFFFD')) ? NOT_UTF8 : null;
      queue.push({ line, cells, problem });
      // Enough waiting: stop reading the file until the consumer has taken some.
      if (queue.length - head >= high && !stream.isPaused()) stream.pause();
      notify();
    },
    complete() {
      finished = true;
      notify();
    },
    error(error) {
      failure = error;
      finished = true;
      notify();
    },
  });

  try {
    for (;;) {
      if (head < queue.length) {
        const batch = queue.slice(head, head + batchSize);
        head += batch.length;
        if (head > 10_000) {
          queue.splice(0, head);
          head = 0;
        }
        if (queue.length - head < high / 2 && stream.isPaused() && !finished) stream.resume();
        yield batch;
        continue;
      }
      if (failure !== undefined) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    stream.destroy();
  }
}
