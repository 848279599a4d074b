// Writing exports: CSV cells escaped (RFC 4180 quoting plus OWASP's guard against formula injection) and files
// written atomically — to `<path>.partial`, renamed over `<path>` only once complete — so a cancelled or failed
// export never leaves a half file under the name the person chose. With a work journal (work-journal.ts) the
// temporary file is recorded before it exists, so one left by a killed app is deleted at the next start.
// Not papaparse's `unparse` (it reads our files in csv-read.ts): its formula guard (`escapeFormulae`) spares only
// number and boolean primitives, so an amount we formatted to its currency's decimals ("-12.50", a reconciliation
// difference) would be written as the text `'-12.50`, and passing it as a number instead drops the fixed decimals
// (-12.5). What `unparse` would give us is the quoting below, a few lines; streaming and the atomic write stay ours.
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { IpcFailure } from '../ipc/errors.js';
import type { WorkJournal } from './work-journal.js';

/** A number already formatted by us (e.g. `decimal(amount, 2)`): written as is, never formula-guarded, so a
 * negative number stays a number in a spreadsheet. */
export interface CsvNumber {
  readonly csvNumber: string;
}

export type CsvValue = string | number | boolean | null | undefined | CsvNumber;

export function decimal(value: number | null | undefined, places: number): CsvNumber | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return { csvNumber: value.toFixed(places) };
}

// Spreadsheets run a cell starting with these as a formula; full-width forms count too in some locales. A set of
// first characters rather than a pattern: an export of 100 000 rows asks this two million times.
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);
const CSV_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Text is prefixed with `'` when it starts like a formula (OWASP "CSV injection"), then always quoted, with quotes
 * doubled, so a separator, quote or line break inside it cannot start a new cell. Numbers and booleans are ours.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object') return CSV_NUMBER.test(value.csvNumber) ? value.csvNumber : '';
  const text = FORMULA_START.has(value.charAt(0)) ? `'${value}` : value;
  return `"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
}

export function csvLine(values: readonly CsvValue[]): string {
  let line = csvCell(values[0]);
  for (let i = 1; i < values.length; i++) line += `,${csvCell(values[i])}`;
  return `${line}\r\n`;
}

/** Excel reads a CSV without a byte order mark as the system code page, mangling every accented name. */
export const UTF8_BOM = '\uFEFF';

// ---------------------------------------------------------------------------------------------------------------

export interface AtomicFile {
  write(text: string | Uint8Array): Promise<void>;
  /** Flushes, closes and renames over the chosen path. */
  commit(): Promise<void>;
  /** Closes and deletes the partial file; safe to call after a failed write. */
  abort(): Promise<void>;
}

const active = new Set<string>();

/** Turns a file-system error into a sentence naming the file and what to do; anything else (an IpcFailure, a
 * database error) is returned unchanged, to be mapped by the router as usual. */
export function fileFailure(error: unknown, name: string, doing: 'read' | 'write'): unknown {
  const fsError =
    typeof error === 'object' && error !== null && typeof (error as { syscall?: unknown }).syscall === 'string'
      ? String((error as { code?: unknown }).code ?? '')
      : undefined;
  if (fsError === undefined) return error;
  const reasons: Record<string, string> = {
    ENOENT: doing === 'read' ? 'it is no longer there (moved or deleted?)' : 'the folder is no longer there',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the disk is read-only',
    ENOSPC: 'the disk is full',
    EISDIR: 'it is a folder',
    EBUSY: 'it is in use by another program',
  };
  const reason = Object.hasOwn(reasons, fsError) ? reasons[fsError]! : 'the file system refused';
  const what = doing === 'read' ? 'Pick the file again.' : 'Choose another place or name and export again.';
  return new IpcFailure('validation', `Could not ${doing} ${name}: ${reason}. ${what}`, {
    ...(doing === 'read' ? { field: 'file_id' } : {}),
  });
}

export interface AtomicOptions {
  /** Records the temporary file until it is renamed or removed, for the next start to clean up after a crash. */
  journal?: Pick<WorkJournal, 'tempFile'> | undefined;
}

export async function openAtomic(path: string, options: AtomicOptions = {}): Promise<AtomicFile> {
  const name = basename(path);
  if (active.has(path)) {
    throw new IpcFailure('conflict', `${name} is already being written by another export. Wait for it or choose another name.`);
  }
  const partial = `${path}.partial`;
  active.add(path);
  let forget: () => Promise<void> = async () => undefined;
  let handle: FileHandle;
  try {
    if (options.journal) forget = await options.journal.tempFile(partial);
    handle = await open(partial, 'w');
  } catch (error) {
    active.delete(path);
    await forget().catch(() => undefined);
    throw fileFailure(error, name, 'write');
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    active.delete(path);
    await handle.close();
  };
  return {
    async write(text) {
      try {
        if (typeof text === 'string') await handle.write(text);
        else await handle.write(text);
      } catch (error) {
        throw fileFailure(error, name, 'write');
      }
    },
    async commit() {
      try {
        await handle.sync();
        await close();
        await rename(partial, path);
      } catch (error) {
        await rm(partial, { force: true }).catch(() => undefined);
        await forget().catch(() => undefined);
        throw fileFailure(error, name, 'write');
      }
      await forget().catch(() => undefined);
    },
    async abort() {
      await close().catch(() => undefined);
      await rm(partial, { force: true }).catch(() => undefined);
      await forget().catch(() => undefined);
    },
  };
}

/** Runs `fill` on a fresh atomic file and commits it; any failure or cancellation removes the partial file. */
export async function writeAtomically(path: string, fill: (file: AtomicFile) => Promise<void>, options: AtomicOptions = {}): Promise<void> {
  const file = await openAtomic(path, options);
  try {
    await fill(file);
  } catch (error) {
    await file.abort();
    throw error;
  }
  await file.commit();
}
