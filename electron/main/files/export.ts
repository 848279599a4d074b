// The one shape of a CSV export: the save dialog, then an operation that writes the file atomically (a temporary
// file renamed into place only when complete), walking the list a page at a time by keyset cursor (the next page
// asked for while the current one is written) with progress and cancel between pages. Payments, reconciliation and
// trends exports differ only in what they pass here: pages of rows that main formats as CSV lines, or (payments)
// pages the database has already written as CSV text, appended as they come.
import { basename } from 'node:path';
import type { Cursor } from '../../../shared/ipc/common.js';
import { writeAtomically } from './csv-write.js';
import { CSV_FILTERS, EXPORT_PAGE, type FileDeps } from './deps.js';
import type { OperationKind } from './operations.js';

interface CsvFile {
  kind: OperationKind;
  /** The save dialog's title and suggested file name. */
  title: string;
  defaultName: string;
  /** Rows expected, for the progress bar. */
  total: number;
  /** What the file starts with (BOM and header line). */
  header: string;
  /** The rows a page asks for; default EXPORT_PAGE (a console list's largest page). A shorter page is the last. */
  pageSize?: number;
}

/** An export of rows that main writes as CSV lines. */
export interface CsvExport<Row> extends CsvFile {
  /** The page after `after` (undefined: the first). */
  page(after: Cursor | undefined): Promise<readonly Row[]>;
  line(row: Row): string;
  /** The cursor after a row; without it the first page is the whole file (a list with no paging). */
  cursorOf?: (row: Row) => Cursor;
}

/** A page the database has already written as CSV lines: what main appends to the file as it is. */
export interface CsvTextPage {
  csv: string;
  /** The rows in `csv`, for the progress and to tell the last page. */
  rows: number;
  /** The cursor after its last row (null: none). */
  next: Cursor | null;
}

/** An export whose pages come as CSV text (e.g. console.export_payments_csv). */
export interface CsvTextExport extends CsvFile {
  /** The page after `after` (undefined: the first). */
  textPage(after: Cursor | undefined): Promise<CsvTextPage>;
}

/** A page either way: its text made only once the next page has been asked for. */
interface Page {
  rows: number;
  next: Cursor | null;
  text(): string;
}

function pager<Row>(spec: CsvExport<Row> | CsvTextExport): (after: Cursor | undefined) => Promise<Page> {
  if ('textPage' in spec) {
    return (after) => spec.textPage(after).then((page) => ({ rows: page.rows, next: page.next, text: () => page.csv }));
  }
  const { cursorOf } = spec;
  return (after) =>
    spec.page(after).then((rows) => ({
      rows: rows.length,
      next: cursorOf !== undefined && rows.length > 0 ? cursorOf(rows.at(-1)!) : null,
      text: () => rows.map((row) => spec.line(row)).join(''),
    }));
}

/** Asks where to save and starts the export; `operation_id` null when the person closed the dialog. */
export async function startCsvExport<Row>(
  deps: Pick<FileDeps, 'files' | 'operations' | 'journal'>,
  spec: CsvExport<Row> | CsvTextExport,
): Promise<{ operation_id: string | null }> {
  deps.operations.ensureCapacity();
  const path = await deps.files.chooseSaveFile({ title: spec.title, defaultName: spec.defaultName, filters: CSV_FILTERS });
  if (path === null) return { operation_id: null };
  const name = basename(path);
  const pageSize = spec.pageSize ?? EXPORT_PAGE;
  const page = pager(spec);
  const operation_id = deps.operations.start(
    spec.kind,
    { total: spec.total, message: `Saving ${name}`, cancelledMessage: () => `Export cancelled; ${name} was not saved.` },
    async (ctx) => {
      await writeAtomically(
        path,
        async (out) => {
          await out.write(spec.header);
          let done = 0;
          // The next page is asked for as soon as this one has arrived, before this one is turned into CSV and
          // written, so the database reads it while main formats and writes (one page ahead, never more). A cancel
          // is honoured as each page arrives, before the next is asked for: a cancelled export asks for no page
          // after the one in flight and writes nothing more.
          ctx.checkCancelled();
          let next = page(undefined);
          for (;;) {
            const current = await next;
            ctx.checkCancelled();
            const more = current.next !== null && current.rows >= pageSize;
            if (more) {
              next = page(current.next!);
              next.catch(() => undefined); // awaited on the next turn; a cancel or a failed write leaves it unread
            }
            if (current.rows > 0) await out.write(current.text());
            done += current.rows;
            ctx.progress(done);
            if (!more) break;
          }
          ctx.commit();
        },
        { journal: deps.journal },
      );
      return { file_name: name };
    },
  );
  return { operation_id };
}
