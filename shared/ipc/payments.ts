// Payments and refunds channels → console.list_payments, count_payments, payment_totals, get_payment,
// refund_payment, approve/reject/confirm/fail_refund, list_refunds, count_refunds. Refund limits, remainder and
// idempotency are enforced in SQL (one implementation); these schemas only bound what may be sent.
import { z } from 'zod';
import {
  idempotencyKey,
  cancelInput,
  cancelOutput,
  countOutput,
  currencyCode,
  cursor,
  id,
  isoDateTime,
  money,
  note,
  page,
  paging,
  reason,
  requiredText,
  search,
  startedOperation,
  type ArgsCovered,
  type Expect,
  type RowMatches,
} from './common.js';

export const paymentStatus = z.enum(['pending', 'succeeded', 'failed', 'partially_refunded', 'refunded']);
export const provider = z.enum(['stripe', 'paypal', 'manual']);
export const paymentType = z.enum(['workshop', 'engagement', 'subscription', 'other']);
export const refundStatus = z.enum(['pending_approval', 'pending', 'succeeded', 'failed', 'cancelled', 'rejected']);
export const refundReason = z.enum(['duplicate', 'fraudulent', 'requested_by_customer', 'workshop_cancelled', 'service_issue', 'other']);

export const paymentFilters = z.strictObject({
  status: z.array(paymentStatus).max(5).optional(),
  provider: z.array(provider).max(3).optional(),
  type: z.array(paymentType).max(4).optional(),
  currency: z.array(currencyCode).max(50).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  min_amount: money.optional(),
  max_amount: money.optional(),
  /** Invoice number, transaction id or payer email prefix. */
  search: search.optional(),
});
type _PaymentFilterArgs = Expect<ArgsCovered<keyof z.input<typeof paymentFilters> & string, 'payment_totals'>>;
const paymentSort = z.enum(['created_at', 'amount', 'status', 'provider']);

export const paymentRow = z.object({
  id,
  created_at: z.string(),
  user_id: z.string(),
  payer_email: z.string().nullable(),
  payer_name: z.string().nullable(),
  organization_id: z.string().nullable(),
  organization_name: z.string().nullable(),
  payment_type: z.string(),
  related_entity_id: z.string().nullable(),
  related_name: z.string().nullable(),
  description: z.string().nullable(),
  provider: z.string(),
  transaction_id: z.string().nullable(),
  amount: z.number(),
  currency: z.string(),
  refund_amount: z.number(),
  refunded_at: z.string().nullable(),
  status: z.string(),
  invoice_number: z.string().nullable(),
  invoice_url: z.string().nullable(),
  cursor,
});
type _PaymentRow = Expect<RowMatches<typeof paymentRow, 'list_payments'>>;

const totalsRow = z.object({
  currency: z.string(),
  status: z.string(),
  payments: z.number().int(),
  amount: z.number(),
  refunded: z.number(),
});
type _Totals = Expect<RowMatches<typeof totalsRow, 'payment_totals'>>;

const refundColumns = {
  id: z.string(),
  payment_id: z.string(),
  amount: z.number(),
  currency: z.string(),
  reason: z.string(),
  note: z.string().nullable(),
  status: z.string(),
  provider: z.string(),
  provider_refund_id: z.string().nullable(),
  requested_by: z.string().nullable(),
  approved_by: z.string().nullable(),
  approved_at: z.string().nullable(),
  completed_by: z.string().nullable(),
  completed_at: z.string().nullable(),
  failure_reason: z.string().nullable(),
  created_at: z.string(),
};

/** What every refund mutation returns: the refund and the payment's state after it. */
export const refundResult = z.object({
  ...refundColumns,
  idempotency_key: z.string(),
  updated_at: z.string(),
  payment_status: z.string(),
  payment_refund_amount: z.number(),
  payment_refundable: z.number(),
  /** True when an idempotent retry returned the first refund: show it, do not announce a second one. */
  replayed: z.boolean(),
});
type _Refund = Expect<RowMatches<typeof refundResult, 'refund_payment'>>;
type _Approve = Expect<RowMatches<typeof refundResult, 'approve_refund'>>;
type _Reject = Expect<RowMatches<typeof refundResult, 'reject_refund'>>;
type _Confirm = Expect<RowMatches<typeof refundResult, 'confirm_refund'>>;
type _Fail = Expect<RowMatches<typeof refundResult, 'fail_refund'>>;

const refundListRow = z.object({
  ...refundColumns,
  requested_by_name: z.string().nullable(),
  approved_by_name: z.string().nullable(),
  payment_amount: z.number(),
  payment_status: z.string(),
  invoice_number: z.string().nullable(),
  transaction_id: z.string().nullable(),
  payer_email: z.string().nullable(),
  cursor,
});
type _RefundRow = Expect<RowMatches<typeof refundListRow, 'list_refunds'>>;

export const auditEntry = z.object({
  id: z.number().int(),
  occurred_at: z.string(),
  actor_id: z.string().nullable(),
  actor_email: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entity_id: z.string().nullable(),
  before: z.json().nullable(),
  after: z.json().nullable(),
  reason: z.string().nullable(),
});

// get_payment returns one jsonb document; its payment and refunds are table rows plus labels. The payment's
// `metadata` is left out on purpose (processor payloads have no business in the UI).
const paymentDetail = z.object({
  payment: paymentRow.omit({ cursor: true }).extend({ updated_at: z.string(), refundable: z.number() }),
  refunds: z.array(
    z.object({
      ...refundColumns,
      /** The dialog that asked for it: after a lost answer, the refund dialog finds its own refund by this key. */
      idempotency_key: z.string(),
      requested_by_name: z.string().nullable(),
      approved_by_name: z.string().nullable(),
      completed_by_name: z.string().nullable(),
    }),
  ),
  registration: z.record(z.string(), z.json()).nullable(),
  engagement: z.record(z.string(), z.json()).nullable(),
  audit: z.array(auditEntry),
});

const refundFilters = z.strictObject({
  status: z.array(refundStatus).max(6).optional(),
  payment_id: id.optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
type _RefundFilterArgs = Expect<ArgsCovered<keyof z.input<typeof refundFilters> & string, 'count_refunds'>>;

export const paymentChannels = {
  'payments:list': {
    input: z.strictObject({ filters: paymentFilters, sort: paymentSort.optional(), ...paging }),
    output: page(paymentRow),
  },
  'payments:count': { input: z.strictObject({ filters: paymentFilters }), output: countOutput },
  'payments:totals': {
    input: z.strictObject({ filters: paymentFilters }),
    output: z.object({ rows: z.array(totalsRow) }),
  },
  'payments:get': { input: z.strictObject({ payment_id: id }), output: paymentDetail },
  'payments:refund': {
    input: z.strictObject({
      payment_id: id,
      /** Omitted: the refundable remainder (decided in SQL, under the payment's lock). */
      amount: money.positive().optional(),
      reason: refundReason,
      note: note.optional(),
      idempotency_key: idempotencyKey,
    }),
    output: refundResult,
  },
  'payments:approve-refund': { input: z.strictObject({ refund_id: id }), output: refundResult },
  'payments:reject-refund': {
    input: z.strictObject({ refund_id: id, reason: reason.min(1) }),
    output: refundResult,
  },
  'payments:confirm-refund': {
    input: z.strictObject({ refund_id: id, provider_refund_id: requiredText(255) }),
    output: refundResult,
  },
  'payments:fail-refund': {
    input: z.strictObject({
      refund_id: id,
      status: z.enum(['failed', 'cancelled']).optional(),
      reason: reason.optional(),
    }),
    output: refundResult,
  },
  'payments:list-refunds': {
    input: z.strictObject({ filters: refundFilters, ...paging }),
    output: page(refundListRow),
  },
  'payments:count-refunds': { input: z.strictObject({ filters: refundFilters }), output: countOutput },
} as const;

/** Channels that write files or run in the background: main's files/ answers them. */
export const paymentFileChannels = {
  /** Main asks where to save, then streams the filtered set page by page (progress kind `payments-export`). */
  'payments:export-csv': {
    input: z.strictObject({ filters: paymentFilters, sort: paymentSort.optional(), desc: z.boolean().optional() }),
    output: startedOperation,
  },
  'payments:cancel': { input: cancelInput, output: cancelOutput },
} as const;
