// Query keys and fetchers of the payments screen. Every key starts with PAYMENTS_KEY, so one invalidation after a
// refund mutation refreshes the list, count, totals and any open detail.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import { useSettings } from '../../data/settings';
import { thresholdFrom } from './refund';

export const PAYMENTS_KEY = 'payments';
export const detailKey = (paymentId: string) => [PAYMENTS_KEY, 'detail', paymentId] as const;

export function usePaymentDetail(paymentId: string) {
  return useQuery({ queryKey: detailKey(paymentId), queryFn: () => call('payments:get', { payment_id: paymentId }) });
}

/** The refund approval threshold, for the dialog's forecast (null when unknown: the forecast is left out). */
export function useApprovalThreshold(): number | null {
  const settings = useSettings();
  return thresholdFrom(settings.data?.rows);
}

export function useInvalidatePayments() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: [PAYMENTS_KEY] });
}
