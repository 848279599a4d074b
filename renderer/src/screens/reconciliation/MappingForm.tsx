// Which of the file's columns holds each field the matching needs. Prefilled with the detected mapping; when
// nothing was detected the person chooses every column from the file's own headers and previews again.
import { Field } from '../../ui/Field';
import { FIELD_LABEL, MAPPED_FIELDS, type MappingDraft, type MappedField } from './model';

const HINT: Partial<Record<MappedField, string>> = {
  transaction_id: 'Stripe charge / payment intent id, or PayPal transaction id',
  occurred_at: 'With a time zone, or in UTC',
};

export function MappingForm(props: {
  headers: readonly string[];
  draft: MappingDraft;
  onChange: (draft: MappingDraft) => void;
  missing: readonly MappedField[];
  disabled?: boolean;
}) {
  const { headers, draft, onChange } = props;
  // A column without a name cannot be chosen: the mapping names columns by their header.
  const named = headers.filter((header) => header.trim() !== '');
  const set = (field: keyof MappingDraft, value: string) => onChange({ ...draft, [field]: value });
  return (
    <fieldset className="recon-mapping" disabled={props.disabled}>
      <legend className="visually-hidden">Column mapping</legend>
      {MAPPED_FIELDS.map((field) => (
        <Field
          key={field}
          label={FIELD_LABEL[field]}
          hint={HINT[field]}
          error={props.missing.includes(field) ? 'Choose the column that holds this' : null}
        >
          <select className="select" value={draft[field]} onChange={(event) => set(field, event.target.value)}>
            <option value="">Choose a column…</option>
            {named.map((header, index) => (
              <option key={`${index}:${header}`} value={header}>
                {header}
              </option>
            ))}
          </select>
        </Field>
      ))}
      <Field label="Payment or refund" hint="A column that says which, or one kind for the whole file">
        <select className="select" value={draft.kind} onChange={(event) => set('kind', event.target.value)}>
          <option value="fixed:payment">Every row is a payment</option>
          <option value="fixed:refund">Every row is a refund</option>
          {named.map((header, index) => (
            <option key={`${index}:${header}`} value={`column:${header}`}>
              Column: {header}
            </option>
          ))}
        </select>
      </Field>
    </fieldset>
  );
}
