// The 6-digit code an authenticator app shows. Spaces ("123 456") are taken out; anything else that is not six
// digits is refused at the field with the reason.
import { Field } from '../ui/Field';

export const cleanCode = (text: string) => text.replace(/\s+/g, '');

export function codeProblem(text: string): string | null {
  const code = cleanCode(text);
  if (code === '') return 'Enter the 6-digit code your app shows.';
  if (!/^\d+$/.test(code)) return 'The code is digits only.';
  if (code.length !== 6) return `The code has 6 digits; this has ${code.length}.`;
  return null;
}

export function CodeField(props: { value: string; onChange: (value: string) => void; error: string | null; autoFocus?: boolean }) {
  return (
    <Field label="Code from your authenticator app" error={props.error}>
      <input
        className="input code-input"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={9}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        autoFocus={props.autoFocus}
      />
    </Field>
  );
}
