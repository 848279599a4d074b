// A screen's filters bound to its filter controls: each control gets the filter's value and sets that filter alone,
// so a key is named once per control (`{...bind('status')}`) instead of in its value, its parameter and its patch.
export function bindFilters<F extends object>(filters: F, setFilter: (patch: Partial<F>) => void) {
  return <K extends keyof F>(key: K) => ({
    value: filters[key],
    onChange: (value: F[K]) => setFilter({ [key]: value } as unknown as Partial<F>),
  });
}
