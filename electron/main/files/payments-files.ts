// payments:export-csv / payments:cancel: the filtered payments set as CSV, streamed page by page (keyset) through
// console.export_payments_csv — list_payments' own query, filters and sort in pages of 5 000 instead of 200, so the
// file holds exactly what the table shows — which answers each page as the CSV lines main used to write from
// export_payments' rows (the same bytes; test/main/export-files.test.ts compares them): main appends them to the
// file as they come, where parsing 5 000 rows of JSON and formatting them took longer than the database's query.
import type { z } from 'zod';
import type { Cursor } from '../../../shared/ipc/common.js';
import type { paymentFileChannels, paymentFilters } from '../../../shared/ipc/payments.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import { IpcFailure } from '../ipc/errors.js';
import { count, type FnArgs, type FnReturns } from '../services/rpc.js';
import { requireCapability, today } from './access.js';
import { csvLine, UTF8_BOM } from './csv-write.js';
import type { FileDeps } from './deps.js';
import { startCsvExport, type CsvTextPage } from './export.js';

/** Rows per console.export_payments_csv call (it takes up to 10 000): 20 calls for 100 000 payments. */
export const PAYMENTS_EXPORT_PAGE = 5_000;

function filterArgs(f: z.output<typeof paymentFilters>): FnArgs<'count_payments'> {
  return {
    p_status: f.status,
    p_provider: f.provider,
    p_type: f.type,
    p_currency: f.currency,
    p_from: f.from,
    p_to: f.to,
    p_min_amount: f.min_amount,
    p_max_amount: f.max_amount,
    p_search: f.search,
  };
}

/** The file's columns, in order (export_payments_csv writes its lines in this order too). */
export const PAYMENT_COLUMNS = [
  'id',
  'created_at',
  'payer_name',
  'payer_email',
  'user_id',
  'organization_name',
  'organization_id',
  'payment_type',
  'related_name',
  'related_entity_id',
  'description',
  'provider',
  'transaction_id',
  'amount',
  'currency',
  'refund_amount',
  'refunded_at',
  'status',
  'invoice_number',
  'invoice_url',
];

/** export_payments_csv's one row, checked: a page the export could not tell from the last would end the file early. */
export function csvPage(answer: FnReturns<'export_payments_csv'>): CsvTextPage {
  const page = answer[0];
  if (answer.length !== 1 || page === undefined || typeof page.csv !== 'string' || !Number.isInteger(page.row_count)) {
    throw new IpcFailure('internal', 'The database answered a page of the export in an unexpected form. Export again.');
  }
  return { csv: page.csv, rows: page.row_count, next: (page.next_after as Cursor | null) ?? null };
}

export function paymentFileHandlers(deps: FileDeps): DomainHandlers<typeof paymentFileChannels> {
  const { auth, call, operations } = deps;
  return {
    'payments:export-csv': async (input) => {
      requireCapability(auth, 'payments.read');
      const filters = filterArgs(input.filters);
      // Counting first checks the filters and the permission in SQL before anyone is asked where to save.
      const { total } = count(await call('count_payments', filters));
      return startCsvExport(deps, {
        kind: 'payments-export',
        title: 'Export payments',
        defaultName: `payments-${today()}.csv`,
        total,
        header: UTF8_BOM + csvLine(PAYMENT_COLUMNS),
        textPage: async (after) =>
          csvPage(
            await call('export_payments_csv', {
              ...filters,
              p_sort: input.sort,
              p_desc: input.desc,
              p_after: after,
              p_limit: PAYMENTS_EXPORT_PAGE,
            }),
          ),
        pageSize: PAYMENTS_EXPORT_PAGE,
      });
    },

    'payments:cancel': async (input) => ({
      cancelled: operations.cancel(input.operation_id, ['payments-export']),
    }),
  };
}
