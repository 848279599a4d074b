// The refund dialog's guidance: what the amount field accepts and what will probably happen. SQL is the authority
// (remainder under the payment's lock, the approval threshold, the provider's lifecycle); this only helps the person
// get it right the first time and says the same thing the database will.
import { currencyDecimals, parseMoney } from '../../../../shared/money';

export type Outcome = 'pending_approval' | 'succeeded' | 'pending';

/** The refund amount as typed → the amount the database will store, or why it cannot be refunded. */
export function readRefundAmount(
  text: string,
  remainder: number,
  currency: string,
): { amount: number; problem: null } | { amount: null; problem: string } {
  if (!text.trim()) return { amount: null, problem: 'Enter the amount to refund.' };
  const parsed = parseMoney(text, { currency });
  if (!parsed.ok) return { amount: null, problem: parsed.reason };
  if (parsed.value > remainder + 1e-9) {
    return { amount: null, problem: `The amount exceeds the refundable remainder of ${editableAmount(remainder, currency)} ${currency}.` };
  }
  return { amount: parsed.value, problem: null };
}

/** An amount as the refund form shows it to be edited: the currency's decimals, no grouping. */
export function editableAmount(value: number, currency: string): string {
  return value.toFixed(currencyDecimals(currency));
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
