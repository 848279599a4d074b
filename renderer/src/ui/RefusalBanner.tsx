// A refusal as the database words it: its sentence, then its detail and hint when it gives them (what happened
// exactly, what to do instead), each as written. Used where a rule of the schema refuses an action (an hour budget).
import { errorMessage, HgError } from '../api/client';
import { Banner } from './feedback';

function detailText(error: unknown, key: 'detail' | 'hint'): string | null {
  const value = error instanceof HgError ? error.details?.[key] : undefined;
  return typeof value === 'string' && value.trim() ? value : null;
}

/** The database's hint for a refusal (carried in details.hint), or null. */
export const refusalHint = (error: unknown) => detailText(error, 'hint');

export function RefusalBanner(props: { error: unknown; title: string; kind?: 'error' | 'warn' }) {
  const detail = detailText(props.error, 'detail');
  const hint = refusalHint(props.error);
  return (
    <Banner kind={props.kind ?? 'error'} title={props.title}>
      <p>{errorMessage(props.error)}</p>
      {detail && <p>{detail}</p>}
      {hint && <p>{hint}</p>}
    </Banner>
  );
}
