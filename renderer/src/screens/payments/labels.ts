// Words and badge colours for the payments domain's codes, in one place for the table, the detail and the dialogs.
import type { z } from 'zod';
import type { paymentStatus, paymentType, provider, refundReason, refundStatus } from '../../../../shared/ipc/payments';

type BadgeKind = 'ok' | 'warn' | 'danger' | 'info' | 'accent' | '';

export const PAYMENT_STATUS: Record<z.output<typeof paymentStatus>, { label: string; badge: BadgeKind }> = {
  pending: { label: 'Pending', badge: 'warn' },
  succeeded: { label: 'Succeeded', badge: 'ok' },
  failed: { label: 'Failed', badge: 'danger' },
  partially_refunded: { label: 'Partially refunded', badge: 'info' },
  refunded: { label: 'Refunded', badge: 'accent' },
};

export const REFUND_STATUS: Record<z.output<typeof refundStatus>, { label: string; badge: BadgeKind }> = {
  pending_approval: { label: 'Awaiting approval', badge: 'warn' },
  pending: { label: 'Pending at processor', badge: 'info' },
  succeeded: { label: 'Succeeded', badge: 'ok' },
  failed: { label: 'Failed', badge: 'danger' },
  cancelled: { label: 'Cancelled', badge: '' },
  rejected: { label: 'Rejected', badge: 'danger' },
};

export const PROVIDER: Record<z.output<typeof provider>, string> = { stripe: 'Stripe', paypal: 'PayPal', manual: 'Manual' };

export const PAYMENT_TYPE: Record<z.output<typeof paymentType>, string> = {
  workshop: 'Workshop',
  engagement: 'Engagement',
  subscription: 'Subscription',
  other: 'Other',
};

export const REFUND_REASON: Record<z.output<typeof refundReason>, string> = {
  requested_by_customer: 'Requested by customer',
  duplicate: 'Duplicate payment',
  fraudulent: 'Fraudulent',
  workshop_cancelled: 'Workshop cancelled',
  service_issue: 'Service issue',
  other: 'Other',
};

function lookup<T extends string>(table: Record<T, { label: string; badge: BadgeKind }>, code: string) {
  return (table as Record<string, { label: string; badge: BadgeKind } | undefined>)[code] ?? { label: code, badge: '' as BadgeKind };
}

export const paymentStatusInfo = (code: string) => lookup(PAYMENT_STATUS, code);
export const refundStatusInfo = (code: string) => lookup(REFUND_STATUS, code);
export const label = (table: Record<string, string>, code: string) => table[code] ?? code;
