// The refund dialog's guidance: what the amount field accepts and what will probably happen. SQL is the authority
// (remainder under the payment's lock, the approval threshold, the provider's lifecycle); this only helps the person
// get it right the first time and says the same thing the database will.
import { parseAmount } from './filters';

export type Outcome = 'pending_approval' | 'succeeded' | 'pending';

export function amountProblem(text: string, remainder: number, currency: string): string | null {
  if (!text.trim()) return 'Enter the amount to refund.';
  const amount = parseAmount(text);
  if (amount === null) return 'Enter an amount with at most two decimals, such as 25 or 25.50.';
  if (amount <= 0) return 'The amount must be greater than 0.';
  if (amount > remainder + 1e-9) return `The amount exceeds the refundable remainder of ${remainder.toFixed(2)} ${currency}.`;
  return null;
}

/** What the database is expected to do with a refund of `amount` (threshold: refunds strictly above it wait). */
export function expectedOutcome(amount: number, provider: string, threshold: number | null): Outcome {
  if (threshold !== null && amount > threshold) return 'pending_approval';
  return provider === 'manual' ? 'succeeded' : 'pending';
}

export function outcomeSentence(outcome: Outcome, provider: string): string {
  switch (outcome) {
    case 'pending_approval':
      return 'It is above the approval threshold, so it waits for a second finance or admin person to approve it. Nothing is refunded until then.';
    case 'succeeded':
      return 'Manual refund: it is recorded as succeeded at once. Pay the money back by bank transfer.';
    case 'pending':
      return `It is recorded as pending until ${provider === 'paypal' ? 'PayPal' : 'Stripe'} confirms it: enter the processor's refund id then.`;
  }
}

export function resultHeadline(status: string, replayed: boolean): string {
  const prefix = replayed ? 'This refund was already submitted: ' : '';
  switch (status) {
    case 'succeeded':
      return `${prefix}Refund succeeded`;
    case 'pending':
      return `${prefix}Refund pending at the processor`;
    case 'pending_approval':
      return `${prefix}Refund awaiting a second approver`;
    default:
      return `${prefix}Refund ${status.replace('_', ' ')}`;
  }
}

/** The approval threshold from settings:get rows (null when it cannot be read: no prediction is shown then). */
export function thresholdFrom(rows: readonly { key: string; value: unknown }[] | undefined): number | null {
  const row = rows?.find((r) => r.key === 'refund_approval_threshold');
  const value = Number(row?.value);
  return row && Number.isFinite(value) ? value : null;
}

/** Whether the payment can take a refund at all (the SQL refuses other statuses). */
export function canRefund(status: string, refundable: number): boolean {
  return (status === 'succeeded' || status === 'partially_refunded') && refundable > 0;
}
