// A compact "Status: Any ▾" filter that opens a list of checkboxes. Closes on Escape or a click elsewhere; the
// button's name says what is chosen, so the filter bar reads well with a screen reader.
import { useEffect, useId, useRef, useState } from 'react';

export function MultiSelect<T extends string>(props: {
  label: string;
  options: readonly { value: T; label: string }[];
  value: readonly T[];
  onChange: (next: T[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const labelId = useId();

  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const chosen = props.options.filter((option) => props.value.includes(option.value)).map((option) => option.label);
  const summary = chosen.length === 0 ? 'Any' : chosen.length <= 2 ? chosen.join(', ') : `${chosen.length} selected`;

  return (
    <div className="field pay-multi" ref={ref}>
      <span className="field-label" id={labelId}>
        {props.label}
      </span>
      <button
        type="button"
        className="select pay-multi-button"
        aria-labelledby={labelId}
        aria-describedby={`${labelId}-value`}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}
      >
        <span id={`${labelId}-value`}>{summary}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          className="card pay-popover"
          role="group"
          aria-labelledby={labelId}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              setOpen(false);
            }
          }}
        >
          {props.options.length === 0 && <span className="muted">Nothing to choose.</span>}
          {props.options.map((option) => (
            <label key={option.value} className="checkbox">
              <input
                type="checkbox"
                checked={props.value.includes(option.value)}
                onChange={(event) =>
                  props.onChange(event.target.checked ? [...props.value, option.value] : props.value.filter((v) => v !== option.value))
                }
              />
              {option.label}
            </label>
          ))}
          {props.value.length > 0 && (
            <button type="button" className="btn small ghost" onClick={() => props.onChange([])}>
              Clear
            </button>
          )}
        </div>
      )}
    </div>
  );
}
