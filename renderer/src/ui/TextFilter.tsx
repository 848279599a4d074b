// A text filter (search box, id filter) as every screen offers it: typing stays local and the list follows once
// the person pauses; the length limit is the contract's, on the input itself; and the contract's own text rule
// (shared/text.ts) is applied here too, so a pasted NUL or control character is refused at the field, in words,
// instead of being sent. A refused value is kept in the box to be corrected, and the list keeps its last search.
import { useEffect, useState, type KeyboardEvent, type Ref } from 'react';
import { textProblem } from '../../../shared/text';
import { Field } from './Field';

export const FILTER_DELAY_MS = 300;

export function TextFilter(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The channel's limit for this filter (SEARCH_MAX for searches). */
  max: number;
  placeholder?: string;
  className?: string;
  type?: 'search' | 'text';
  ref?: Ref<HTMLInputElement>;
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
}) {
  const { label, value, onChange, max, placeholder, className, type = 'search', ref, onKeyDown } = props;
  const [text, setText] = useState(value);
  const [synced, setSynced] = useState(value);
  // A change from outside (Clear filters, a restored view) replaces what is typed.
  if (value !== synced) {
    setSynced(value);
    setText(value);
  }
  const problem = textProblem(text, { max });
  useEffect(() => {
    if (text === value || problem) return;
    const timer = setTimeout(() => onChange(text), FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, value, problem, onChange]);

  const atLimit = !problem && text.length >= max ? `At most ${max} characters.` : undefined;
  return (
    <Field label={label} error={problem} hint={atLimit}>
      <input
        ref={ref}
        type={type}
        className={`input ${className ?? ''}`.trim()}
        placeholder={placeholder}
        maxLength={max}
        value={text}
        // A copied spreadsheet cell brings tabs and line breaks: they separate words, as spaces do.
        onChange={(event) => setText(event.target.value.replace(/[\t\r\n]/g, ' '))}
        onKeyDown={onKeyDown}
      />
    </Field>
  );
}
