// The one shape of a CSV export: the save dialog, then an operation that writes the file atomically (a temporary
// file renamed into place only when complete), walking the list a page at a time by keyset cursor (the next page
// asked for while the current one is written) with progress and cancel between pages. Payments, reconciliation and
// trends exports differ only in what they pass here.
import { basename } from 'node:path';
import type { Cursor } from '../../../shared/ipc/common.js';
import { writeAtomically } from './csv-write.js';
import { CSV_FILTERS, EXPORT_PAGE, type FileDeps } from './deps.js';
import type { OperationKind } from './operations.js';

export interface CsvExport<Row> {
  kind: OperationKind;
  /** The save dialog's title and suggested file name. */
  title: string;
  defaultName: string;
  /** Rows expected, for the progress bar. */
  total: number;
  /** What the file starts with (BOM and header line). */
  header: string;
  /** The page after `after` (undefined: the first); a page shorter than `pageSize` is the last. */
  page(after: Cursor | undefined): Promise<readonly Row[]>;
  /** The rows `page` asks for; default EXPORT_PAGE (a console list's largest page). */
  pageSize?: number;
  line(row: Row): string;
  /** The cursor after a row; without it the first page is the whole file (a list with no paging). */
  cursorOf?: (row: Row) => Cursor;
}

/** Asks where to save and starts the export; `operation_id` null when the person closed the dialog. */
export async function startCsvExport<Row>(
  deps: Pick<FileDeps, 'files' | 'operations' | 'journal'>,
  spec: CsvExport<Row>,
): Promise<{ operation_id: string | null }> {
  deps.operations.ensureCapacity();
  const path = await deps.files.chooseSaveFile({ title: spec.title, defaultName: spec.defaultName, filters: CSV_FILTERS });
  if (path === null) return { operation_id: null };
  const name = basename(path);
  const pageSize = spec.pageSize ?? EXPORT_PAGE;
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
          let next = spec.page(undefined);
          for (;;) {
            const rows = await next;
            ctx.checkCancelled();
            const more = spec.cursorOf !== undefined && rows.length >= pageSize;
            if (more) {
              next = spec.page(spec.cursorOf!(rows.at(-1)!));
              next.catch(() => undefined); // awaited on the next turn; a cancel or a failed write leaves it unread
            }
            if (rows.length > 0) await out.write(rows.map((row) => spec.line(row)).join(''));
            done += rows.length;
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
