// Decisions, bulk decisions, undo and responses: each sends the version the person saw, refreshes the queue after,
// offers Undo for the undo window, and turns a conflict into "already decided by X at T" plus a refresh.
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
  const [busy, setBusy] = useState(false);
  /** A conflict or refusal from the last action, in words. */
  const [notice, setNotice] = useState<{
    kind: 'conflict' | 'error';
    message: string;
  } | null>(null);
  const { onMovedOn, onRestored } = options;

  const invalidate = useInvalidateQueue();
  const refresh = useCallback(() => invalidate(), [invalidate]);

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
        for (const decisionId of decisionIds) await call('reviews:undo', { decision_id: decisionId });
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
      } finally {
        void refresh();
      }
    },
    [failed, onRestored, refresh, show],
  );

  const decide = useCallback(
    async (review: ReviewRow, decision: 'approve' | 'reject' | 'flag', choice: Choice = {}): Promise<string | null> => {
      setBusy(true);
      setNotice(null);
      try {
        const result = await call('reviews:decide', {
          review_id: review.id,
          expected_version: review.version,
          decision,
          ...choice,
        });
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
        void refresh();
        return null;
      } catch (error) {
        return failed(error);
      } finally {
        setBusy(false);
      }
    },
    [failed, onMovedOn, refresh, show, undo],
  );

  const decideBulk = useCallback(
    async (reviews: ReviewRow[], decision: 'approve' | 'reject', choice: Choice = {}): Promise<string | null> => {
      setBusy(true);
      setNotice(null);
      try {
        const { results } = await call('reviews:decide-bulk', {
          items: reviews.map((review) => ({
            id: review.id,
            version: review.version,
          })),
          decision,
          ...choice,
        });
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
        void refresh();
        return null;
      } catch (error) {
        return failed(error);
      } finally {
        setBusy(false);
      }
    },
    [failed, onMovedOn, refresh, show, undo],
  );

  const respond = useCallback(
    async (review: ReviewRow, text: string): Promise<string | null> => {
      setBusy(true);
      setNotice(null);
      try {
        const result = await call('reviews:respond', {
          review_id: review.id,
          expected_version: review.version,
          text,
        });
        show({
          kind: 'ok',
          message: `Response published as ${result.response_by_name ?? 'the reviewed person'}.`,
        });
        void refresh();
        return null;
      } catch (error) {
        return failed(error);
      } finally {
        setBusy(false);
      }
    },
    [failed, refresh, show],
  );

  return { busy, notice, setNotice, decide, decideBulk, respond };
}
