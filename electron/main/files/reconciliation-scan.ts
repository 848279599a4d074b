// One pass over a picked processor export: its header, the detected format, and — under a mapping — every row
// converted or listed as bad with its line and reason. The preview shows it; a run reuses it (cached per file
// version, provider and mapping) to know before starting how many rows it will leave out.
import { IpcFailure } from '../ipc/errors.js';
import { readCsv, type CsvRecord, type CsvShape } from './csv-read.js';
import { fileFailure } from './csv-write.js';
import type { FileVersion, PickedFile } from './file-registry.js';
import {
  createConverter,
  detectFormat,
  type ColumnMapping,
  type Converted,
  type Converter,
  type Detected,
  type Processor,
  type RecordKind,
  type StagedRow,
} from './processor-rows.js';

/** Beyond this a file is refused with advice to split it (the console is built and measured for 100k rows). */
export const MAX_ROWS = 1_000_000;
/** Processor exports have a few dozen columns; far more means the file's line breaks were lost (or it is not an
 * export at all), and every column would become an option in seven mapping menus. */
export const MAX_COLUMNS = 500;
/** As the mapping input takes a column name (shared/ipc/reconciliation.ts). */
export const MAX_HEADER_LENGTH = 200;
const DETECT_FROM = 50;

export interface BadRow {
  line: number;
  field: string | null;
  reason: string;
}

export interface ScanSummary {
  headers: string[];
  row_count: number;
  bad_row_count: number;
  /** Readable rows per kind, so a run for fewer kinds knows how many rows it would leave out. */
  kinds: Record<RecordKind, number>;
}

export interface Scan extends ScanSummary {
  detected: Detected;
  provider: Processor | null;
  mapping: ColumnMapping | null;
  sample: StagedRow[];
  bad_rows: BadRow[];
}

export interface ScanOptions {
  provider?: Processor | undefined;
  mapping?: ColumnMapping | undefined;
  sampleSize?: number;
  badRowsListed?: number;
}

/** The same mapping always gives the same key, whatever order its keys were sent in. */
export function scanKey(version: FileVersion, provider: Processor | null, mapping: ColumnMapping): string {
  const kind = 'column' in mapping.kind ? { column: mapping.kind.column } : { fixed: mapping.kind.fixed };
  const canonical = [mapping.transaction_id, mapping.amount, mapping.currency, mapping.status, mapping.occurred_at, kind];
  return JSON.stringify([version.size, version.mtimeMs, provider, canonical]);
}

/** A record papaparse could not read cleanly is bad whatever the mapping. */
export function convertRecord(converter: Converter, record: CsvRecord): Converted {
  if (record.problem) return { ok: false, line: record.line, field: null, reason: record.problem };
  return converter(record.cells, record.line);
}

export function tooManyRows(name: string): IpcFailure {
  return new IpcFailure(
    'validation',
    `${name} has more than ${MAX_ROWS.toLocaleString('en-US')} rows. Export a shorter period and import each part.`,
    { field: 'file_id' },
  );
}

export function headerProblem(name: string, problem: string): IpcFailure {
  return new IpcFailure('validation', `${name}: the header row cannot be read: ${problem}.`, { field: 'file_id' });
}

/** The header row as the mapping will offer it, or why the file cannot be an export. */
export function checkHeaders(name: string, cells: string[]): string[] {
  const refuse = (text: string) => new IpcFailure('validation', `${name} ${text}`, { field: 'file_id' });
  if (cells.length > MAX_COLUMNS) {
    throw refuse(
      `has ${cells.length.toLocaleString('en-US')} columns in its first row; a processor export has a few dozen ` +
        `(the console reads up to ${MAX_COLUMNS}). Its line breaks may have been lost: export it again from the processor.`,
    );
  }
  const long = cells.findIndex((cell) => cell.length > MAX_HEADER_LENGTH);
  if (long >= 0) {
    throw refuse(
      `has a column name of ${cells[long]!.length.toLocaleString('en-US')} characters (column ${long + 1}); names are at most ` +
        `${MAX_HEADER_LENGTH}. The first row may not be a header, or its line breaks were lost: export it again.`,
    );
  }
  return cells;
}

export async function scanFile(file: PickedFile, shape: CsvShape, options: ScanOptions = {}): Promise<Scan> {
  const sampleSize = options.sampleSize ?? 20;
  const listed = options.badRowsListed ?? 200;
  let headers: string[] | undefined;
  let detected: Detected = { provider: null, mapping: null, format: null };
  let provider: Processor | null = options.provider ?? null;
  let mapping: ColumnMapping | null = options.mapping ?? null;
  let converter: Converter | undefined;
  let decided = false;
  const waiting: CsvRecord[] = [];
  const scan = { row_count: 0, bad_row_count: 0, kinds: { payment: 0, refund: 0 } };
  const sample: StagedRow[] = [];
  const badRows: BadRow[] = [];

  const take = (record: CsvRecord) => {
    if (!converter) return;
    const converted = convertRecord(converter, record);
    if (converted.ok) {
      scan.kinds[converted.row.kind] += 1;
      if (sample.length < sampleSize) sample.push(converted.row);
    } else {
      scan.bad_row_count += 1;
      if (badRows.length < listed) badRows.push({ line: converted.line, field: converted.field, reason: converted.reason });
    }
  };
  // The format is decided on the header and the first rows; the rows read meanwhile are then converted too.
  const decide = () => {
    decided = true;
    detected = detectFormat(
      headers!,
      waiting.map((record) => record.cells),
    );
    provider = options.provider ?? detected.provider;
    mapping = options.mapping ?? detected.mapping;
    if (mapping) converter = createConverter({ headers: headers!, provider, mapping });
    waiting.splice(0).forEach(take);
  };

  try {
    for await (const batch of readCsv(file.path, shape)) {
      for (const record of batch) {
        if (!headers) {
          if (record.problem) throw headerProblem(file.name, record.problem);
          headers = checkHeaders(file.name, record.cells);
          continue;
        }
        if (++scan.row_count > MAX_ROWS) throw tooManyRows(file.name);
        if (decided) take(record);
        else {
          waiting.push(record);
          if (waiting.length >= DETECT_FROM) decide();
        }
      }
    }
  } catch (error) {
    throw fileFailure(error, file.name, 'read');
  }
  if (!headers) throw new IpcFailure('validation', `${file.name} has no header row.`, { field: 'file_id' });
  if (scan.row_count === 0) {
    throw new IpcFailure('validation', `${file.name} has a header row but no data rows: export a period that has transactions.`, {
      field: 'file_id',
    });
  }
  if (!decided) decide();
  return { headers, detected, provider, mapping, sample, bad_rows: badRows, ...scan };
}
