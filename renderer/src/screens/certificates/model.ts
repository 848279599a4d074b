// Certificates: the persisted search and state filter, the channel input, a certificate's state as of today, and
// the public verification's answer in words.
import { z } from 'zod';
import { search } from '../../../../shared/ipc/common';
import type { ChannelInput, ChannelOutput } from '../../../../shared/ipc/contract';
import { certificateState } from '../../../../shared/ipc/platform';

export type CertificateRow = ChannelOutput<'certificates:list'>['rows'][number];
export type Verification = NonNullable<ChannelOutput<'certificates:verify'>['certificate']>;
export type CertificateState = z.infer<typeof certificateState>;

export const CERTIFICATE_STATES = certificateState.options;
export const sortIds = ['issue_date', 'certificate_number'] as const;

export const screenState = z.object({
  filters: z.object({ search, state: certificateState.nullable() }),
  sort: z.object({ id: z.enum(sortIds), desc: z.boolean() }),
  visibility: z.record(z.string().max(40), z.boolean()),
});
export type ScreenState = z.infer<typeof screenState>;

export const defaultState: ScreenState = {
  filters: { search: '', state: null },
  sort: { id: 'issue_date', desc: true },
  // Beside the detail panel the table is narrow: the title and expiry are in the panel and the "Columns" menu.
  visibility: { title: false, expiry_date: false },
};

export function toListInput(state: ScreenState): Omit<ChannelInput<'certificates:list'>, 'after' | 'limit'> {
  const text = state.filters.search.trim();
  return {
    filters: { ...(text ? { search: text } : {}), ...(state.filters.state ? { state: state.filters.state } : {}) },
    sort: state.sort.id,
    desc: state.sort.desc,
  };
}

/** Today as a calendar day (yyyy-mm-dd) where the console runs. */
export function localDay(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Revoked wins over expired; a certificate expires at the end of its expiry day. The same rule as list's filter. */
export function stateOf(row: Pick<CertificateRow, 'revoked_at' | 'expiry_date'>, today = localDay()): CertificateState {
  if (row.revoked_at) return 'revoked';
  if (row.expiry_date && row.expiry_date.slice(0, 10) < today) return 'expired';
  return 'valid';
}

export const STATE_BADGE: Record<CertificateState, string> = { valid: 'ok', revoked: 'danger', expired: 'warn' };

const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
/** A calendar day ("2026-03-03" → "3 Mar 2026"); dates are days, not instants, so no time zone moves them. */
export function formatDay(value: string | null): string {
  return value ? day.format(new Date(`${value.slice(0, 10)}T00:00:00`)) : '—';
}

export interface Verdict {
  kind: 'ok' | 'warn' | 'error';
  title: string;
}

/** What the public verification page would say, in one line (the fields follow as they came). */
export function verdict(answer: Verification | null): Verdict {
  if (!answer) return { kind: 'error', title: 'Not found: the public page says no certificate has this number.' };
  if (answer.is_revoked) return { kind: 'error', title: 'Revoked: the public page says this certificate was revoked.' };
  if (answer.is_expired) return { kind: 'warn', title: 'Expired: the public page shows it as expired.' };
  if (!answer.is_verified) return { kind: 'warn', title: 'Not verified: the public page shows it as unverified.' };
  return { kind: 'ok', title: 'Valid: the public page confirms this certificate.' };
}

const TYPE_LABELS: Record<string, string> = { workshop: 'Workshop', program: 'Programme', assessment: 'Assessment' };
export const typeLabel = (type: string) => TYPE_LABELS[type] ?? type;
