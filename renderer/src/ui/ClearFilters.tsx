/**
 * A filter bar's "Clear filters": always laid out, shown once there is something to clear. Appearing only then (after
 * a text filter's pause in typing), it pushed what follows it along, or onto the next line, under the pointer.
 */
export function ClearFilters(props: { shown: boolean; onClear: () => void; label?: string }) {
  return (
    <button
      type="button"
      className="btn ghost"
      style={props.shown ? undefined : { visibility: 'hidden' }}
      disabled={!props.shown}
      onClick={props.onClear}
    >
      {props.label ?? 'Clear filters'}
    </button>
  );
}
