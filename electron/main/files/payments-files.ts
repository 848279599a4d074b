// payments:export-csv-start / -cancel: the filtered payments set as CSV, streamed page by page (keyset) through
// console.list_payments with the list's own filters and sort, so the file holds exactly what the table shows.
import { basename } from 'node:path';
import type { z } from 'zod';
import type { Cursor } from '../../../shared/ipc/common.js';
import type { paymentFileChannels, paymentFilters } from '../../../shared/ipc/payments.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import { count, type FnArgs, type FnRow } from '../services/rpc.js';
import { requireCapability, today } from './access.js';
import { csvLine, decimal, UTF8_BOM, writeAtomically } from './csv-write.js';
import { CSV_FILTERS, EXPORT_PAGE, type FileDeps } from './deps.js';

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

const COLUMNS = [
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

export function paymentLine(row: FnRow<'list_payments'>): string {
  return csvLine([
    row.id,
    row.created_at,
    row.payer_name,
    row.payer_email,
    row.user_id,
    row.organization_name,
    row.organization_id,
    row.payment_type,
    row.related_name,
    row.related_entity_id,
    row.description,
    row.provider,
    row.transaction_id,
    decimal(row.amount, 2),
    row.currency,
    decimal(row.refund_amount, 2),
    row.refunded_at,
    row.status,
    row.invoice_number,
    row.invoice_url,
  ]);
}

export function paymentFileHandlers(deps: FileDeps): DomainHandlers<typeof paymentFileChannels> {
  const { files, auth, call, operations } = deps;
  return {
    'payments:export-csv-start': async (input) => {
      requireCapability(auth, 'payments.read');
      const filters = filterArgs(input.filters);
      // Counting first checks the filters and the permission in SQL before anyone is asked where to save.
      const { total } = count(await call('count_payments', filters));
      operations.ensureCapacity();
      const path = await files.chooseSaveFile({
        title: 'Export payments',
        defaultName: `payments-${today()}.csv`,
        filters: CSV_FILTERS,
      });
      if (path === null) return { operation_id: null };
      const name = basename(path);
      const operation_id = operations.start(
        'payments-export',
        { total, message: `Saving ${name}`, cancelledMessage: () => `Export cancelled; ${name} was not saved.` },
        async (ctx) => {
          await writeAtomically(path, async (out) => {
            await out.write(UTF8_BOM + csvLine(COLUMNS));
            let after: Cursor | undefined;
            let done = 0;
            for (;;) {
              ctx.checkCancelled();
              const rows = await call('list_payments', {
                ...filters,
                p_sort: input.sort,
                p_desc: input.desc,
                p_after: after,
                p_limit: EXPORT_PAGE,
              });
              if (rows.length > 0) await out.write(rows.map(paymentLine).join(''));
              done += rows.length;
              ctx.progress(done);
              if (rows.length < EXPORT_PAGE) break;
              after = rows.at(-1)!.cursor as Cursor;
            }
            ctx.commit();
          });
          return { file_name: name };
        },
      );
      return { operation_id };
    },

    'payments:export-csv-cancel': async (input) => ({
      cancelled: operations.cancel(input.operation_id, ['payments-export']),
    }),
  };
}
