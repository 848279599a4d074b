// Where a refusal from the database belongs in a form: on the field it names (22023 with detail {"field": …},
// carried as HgError.field) when the form has that field, otherwise in the form's banner. The wording is always the
// database's; nothing here re-checks its rules.
import { NOTE_RULES, textProblem } from '../../../shared/text';
import { errorMessage, HgError } from '../api/client';

export interface Refusal {
  /** The form field the message goes under, or null for the banner. */
  field: string | null;
  message: string;
}

/** `error` placed on one of `fields` (the names the channel input uses, e.g. 'reason', 'tier'), or on the banner. */
export function placeRefusal(error: unknown, fields: readonly string[]): Refusal | null {
  if (error === null || error === undefined) return null;
  const field = error instanceof HgError && error.field ? (error.field.split('.').at(-1) ?? null) : null;
  return { field: field && fields.includes(field) ? field : null, message: errorMessage(error) };
}

/** The message for one field: the database's refusal on it first, else the form's own check. */
export function fieldMessage(refusal: Refusal | null, field: string, local: string | null): string | null {
  return refusal?.field === field ? refusal.message : local;
}

/**
 * A required reason as the dialogs ask for it: blank is only reported once the person tried to submit (the
 * database refuses it too, as 22023 on `reason`); a pasted control character or an over-long text at once.
 */
export function reasonProblem(text: string, tried: boolean): string | null {
  const problem = textProblem(text, NOTE_RULES);
  if (problem) return problem;
  return tried && text.trim() === '' ? 'Give a reason: it is kept in the audit log.' : null;
}
