// Payments and refunds channels → console.list_payments, count_payments, payment_totals, get_payment,
// refund_payment, approve/reject/confirm/fail_refund, list_refunds, count_refunds. Limits, remainder, maker-checker
// and idempotency are SQL's. The CSV export (paymentFileChannels) is answered by ../files/payments-files.ts.
import type { z } from 'zod';
import type { ChannelOutput, ParsedInput } from '../../../shared/ipc/contract.js';
import type { paymentChannels, paymentFilters } from '../../../shared/ipc/payments.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import { count, one, pagingArgs, toPage, type Call, type FnArgs } from './rpc.js';

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

function refundFilterArgs(f: ParsedInput<'payments:count-refunds'>['filters']): FnArgs<'count_refunds'> {
  return { p_status: f.status, p_payment_id: f.payment_id, p_from: f.from, p_to: f.to };
}

export function paymentHandlers(call: Call): DomainHandlers<typeof paymentChannels> {
  return {
    'payments:list': async (input) =>
      toPage(await call('list_payments', { ...filterArgs(input.filters), p_sort: input.sort, ...pagingArgs(input) }), input.limit),

    'payments:count': async (input) => count(await call('count_payments', filterArgs(input.filters))),

    'payments:totals': async (input) => ({ rows: await call('payment_totals', filterArgs(input.filters)) }),

    // get_payment returns one jsonb document built to the channel's shape; the router checks it on the way out.
    'payments:get': async (input) => (await call('get_payment', { p_payment_id: input.payment_id })) as ChannelOutput<'payments:get'>,

    'payments:refund': async (input) =>
      one(
        await call('refund_payment', {
          p_payment_id: input.payment_id,
          p_amount: input.amount,
          p_reason: input.reason,
          p_note: input.note,
          p_idempotency_key: input.idempotency_key,
        }),
        'The payment',
      ),

    'payments:approve-refund': async (input) => one(await call('approve_refund', { p_refund_id: input.refund_id }), 'The refund'),

    'payments:reject-refund': async (input) =>
      one(await call('reject_refund', { p_refund_id: input.refund_id, p_reason: input.reason }), 'The refund'),

    'payments:confirm-refund': async (input) =>
      one(await call('confirm_refund', { p_refund_id: input.refund_id, p_provider_refund_id: input.provider_refund_id }), 'The refund'),

    'payments:fail-refund': async (input) =>
      one(await call('fail_refund', { p_refund_id: input.refund_id, p_status: input.status, p_reason: input.reason }), 'The refund'),

    'payments:list-refunds': async (input) =>
      toPage(await call('list_refunds', { ...refundFilterArgs(input.filters), ...pagingArgs(input) }), input.limit),

    'payments:count-refunds': async (input) => count(await call('count_refunds', refundFilterArgs(input.filters))),
  };
}
