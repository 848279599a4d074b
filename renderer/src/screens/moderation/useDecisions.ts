// Decisions, bulk decisions, undo and responses: each sends the version the person saw, refreshes the queue after,
// offers Undo for the undo window, and turns a conflict into "already decided by X at T" plus a refresh. Each call
// is a TanStack mutation like the other screens' writes; the wrappers turn its outcome into the message an open
// dialog shows (null when there is none).
import { useMutation } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { call, errorMessage, HgError } from '../../api/client';
import { useToasts } from '../../ui/toasts';
import { useInvalidateQueue } from './queries';
import { conflictText, pastTense, summariseBulk, type RejectReason, type ReviewRow } from './shape';

const UNDO_MS = 10_000;

function undoMs(undoUntil: string | undefined): number {
  const left = undoUntil ? Date.parse(undoUntil) - Date.now() : UNDO_MS;
  return Number.isFinite(left) ? Math.max(1_000, Math.min(UNDO_MS, left)) : UNDO_MS;
}

export interface Choice {
  reason?: RejectReason;
  note?: string;
}

export function useDecisions(options: { onMovedOn: (decidedIds: string[]) => void; onRestored: (id: string) => void }) {
  const { show } = useToasts();
  /** A conflict or refusal from the last action, in words. */
  const [notice, setNotice] = useState<{
    kind: 'conflict' | 'error';
    message: string;
  } | null>(null);
  const { onMovedOn, onRestored } = options;

  const invalidate = useInvalidateQueue();
  const refresh = useCallback(() => invalidate(), [invalidate]);

  const { mutateAsync: undoDecisions } = useMutation({
    mutationFn: async (decisionIds: string[]) => {
      for (const decisionId of decisionIds) await call('reviews:undo', { decision_id: decisionId });
    },
    onSettled: () => void refresh(),
  });
  const { mutateAsync: sendDecision, isPending: deciding } = useMutation({
    mutationFn: (v: { review: ReviewRow; decision: 'approve' | 'reject' | 'flag'; choice: Choice }) =>
      call('reviews:decide', { review_id: v.review.id, expected_version: v.review.version, decision: v.decision, ...v.choice }),
    onSuccess: () => void refresh(),
  });
  const { mutateAsync: sendBulk, isPending: decidingBulk } = useMutation({
    mutationFn: (v: { reviews: ReviewRow[]; decision: 'approve' | 'reject'; choice: Choice }) =>
      call('reviews:decide-bulk', {
        items: v.reviews.map((review) => ({ id: review.id, version: review.version })),
        decision: v.decision,
        ...v.choice,
      }),
    onSuccess: () => void refresh(),
  });
  const { mutateAsync: sendResponse, isPending: responding } = useMutation({
    mutationFn: (v: { review: ReviewRow; text: string }) =>
      call('reviews:respond', { review_id: v.review.id, expected_version: v.review.version, text: v.text }),
    onSuccess: () => void refresh(),
  });

  /** Returns the message to show in an open dialog, or null when the error was handled as a conflict banner. */
  const failed = useCallback(
    (error: unknown): string | null => {
      if (error instanceof HgError && error.code === 'conflict') {
        setNotice({
          kind: 'conflict',
          message: conflictText(error.message, error.details),
        });
        void refresh();
        return null;
      }
      return errorMessage(error);
    },
    [refresh],
  );

  const undo = useCallback(
    async (decisionIds: string[], restoreId: string) => {
      try {
        await undoDecisions(decisionIds);
        show({
          kind: 'ok',
          message: decisionIds.length === 1 ? 'Decision undone: the review is back as it was.' : `${decisionIds.length} decisions undone.`,
        });
        onRestored(restoreId);
      } catch (error) {
        const message = failed(error);
        show({
          kind: 'error',
          message: message ?? 'The decision could not be undone: someone changed the review since.',
        });
      }
    },
    [failed, onRestored, show, undoDecisions],
  );

  const decide = useCallback(
    async (review: ReviewRow, decision: 'approve' | 'reject' | 'flag', choice: Choice = {}): Promise<string | null> => {
      setNotice(null);
      try {
        const result = await sendDecision({ review, decision, choice });
        onMovedOn([review.id]);
        show({
          kind: 'ok',
          message: `Review ${pastTense(decision)}${choice.reason ? ` (${choice.reason.replace('_', ' ')})` : ''}.`,
          action: {
            label: 'Undo',
            run: () => void undo([result.decision_id], review.id),
          },
          ms: undoMs(result.undo_until),
        });
        return null;
      } catch (error) {
        return failed(error);
      }
    },
    [failed, onMovedOn, sendDecision, show, undo],
  );

  const decideBulk = useCallback(
    async (reviews: ReviewRow[], decision: 'approve' | 'reject', choice: Choice = {}): Promise<string | null> => {
      setNotice(null);
      try {
        const { results } = await sendBulk({ reviews, decision, choice });
        const summary = summariseBulk(results, decision);
        onMovedOn(results.filter((result) => result.ok).map((result) => result.id));
        const first = results.find((result) => result.ok);
        show({
          kind: summary.failed.length > 0 ? 'info' : 'ok',
          message: summary.message,
          ...(first && summary.decisionIds.length > 0
            ? {
                action: {
                  label: 'Undo',
                  run: () => void undo(summary.decisionIds, first.id),
                },
              }
            : {}),
          ms: UNDO_MS,
        });
        if (summary.failed.length > 0) {
          setNotice({
            kind: 'conflict',
            message: `${summary.message} ${summary.failed[0]!.error ?? ''}`.trim(),
          });
        }
        return null;
      } catch (error) {
        return failed(error);
      }
    },
    [failed, onMovedOn, sendBulk, show, undo],
  );

  const respond = useCallback(
    async (review: ReviewRow, text: string): Promise<string | null> => {
      setNotice(null);
      try {
        const result = await sendResponse({ review, text });
        show({
          kind: 'ok',
          message: `Response published as ${result.response_by_name ?? 'the reviewed person'}.`,
        });
        return null;
      } catch (error) {
        return failed(error);
      }
    },
    [failed, sendResponse, show],
  );

  const busy = deciding || decidingBulk || responding;
  return { busy, notice, setNotice, decide, decideBulk, respond };
}
