// A list filter that picks one value or none, as the screens offer it beside their search: a labelled select whose
// first option ("Any status") is no filter. The value is null until one is chosen, and back to null on "Any".
export function SelectFilter<V extends string>(props: {
  /** The select's id, which the label points at. */
  id: string;
  label: string;
  value: V | null;
  options: readonly V[];
  /** The words for each value when they are not the value itself: a lookup or a function. */
  labels?: Readonly<Record<V, string>> | ((value: V) => string);
  /** The first option, for no filter: "Any status". */
  any: string;
  onChange: (value: V | null) => void;
  /** Classes beside "field" on the wrapper. */
  className?: string;
}) {
  const { id, label, value, options, labels, any, onChange, className } = props;
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={value ?? ''} onChange={(e) => onChange((e.target.value || null) as V | null)}>
        <option value="">{any}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {typeof labels === 'function' ? labels(option) : (labels?.[option] ?? option)}
          </option>
        ))}
      </select>
    </div>
  );
}
