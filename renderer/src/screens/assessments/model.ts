// Assessments (admins): the chosen organisation and status, kept per screen; the channel input; how a score reads.
import { z } from 'zod';
import { id, shortText } from '../../../../shared/ipc/common';
import type { ChannelInput, ChannelOutput } from '../../../../shared/ipc/contract';
import { assessmentStatus } from '../../../../shared/ipc/platform';

export type AssessmentRow = ChannelOutput<'assessments:list'>['rows'][number];
export type OrganisationOption = ChannelOutput<'organisations:list'>['rows'][number];

export const ASSESSMENT_STATUSES = assessmentStatus.options;

export const screenState = z.object({
  organization: z.object({ id, name: shortText(200) }).nullable(),
  status: assessmentStatus.nullable(),
});
export type ScreenState = z.infer<typeof screenState>;
export const defaultState: ScreenState = { organization: null, status: null };

/** The list is per organisation: there is none to ask for until one is chosen. */
export function toListInput(
  state: ScreenState & { organization: NonNullable<ScreenState['organization']> },
): Omit<ChannelInput<'assessments:list'>, 'after' | 'limit'> {
  return { filters: { organization_id: state.organization.id, ...(state.status ? { status: state.status } : {}) } };
}

/** The five dimensions in the order the platform reports them, then the overall score (their average). */
export const SCORES = [
  { key: 'individual_score', label: 'Individual' },
  { key: 'leadership_score', label: 'Leadership' },
  { key: 'cultural_score', label: 'Cultural' },
  { key: 'embedding_score', label: 'Embedding' },
  { key: 'velocity_score', label: 'Velocity' },
  { key: 'overall_score', label: 'Overall' },
] as const satisfies readonly { key: keyof AssessmentRow; label: string }[];

/** "72", or "—" for a dimension not answered yet (an assessment in progress). */
export function formatScore(value: number | null): string {
  return value === null ? '—' : String(Math.round(value));
}

export const STATUS_BADGE: Record<string, string> = { completed: 'ok', in_progress: 'info', abandoned: '' };
export const statusLabel = (status: string) => status.replace(/_/g, ' ');
const TYPE_LABELS: Record<string, string> = { full: 'Full', quick: 'Quick', follow_up: 'Follow-up' };
export const typeLabel = (type: string) => TYPE_LABELS[type] ?? type;
