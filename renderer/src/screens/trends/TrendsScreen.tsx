// Adaptability trends (docs/architecture.md, "Screens"): organisations and a window, the monthly averages as a chart and a table,
// several organisations compared on one dimension beside the platform average; small months suppressed by SQL.
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useMemo, useRef } from 'react';
import { z } from 'zod';
import { call, errorMessage } from '../../api/client';
import { routeHref, useRoute } from '../../app/route';
import { useSettings } from '../../data/settings';
import { Banner, EmptyState, ErrorBanner, Skeleton } from '../../ui/feedback';
import { usePersistedState } from '../../ui/persisted';
import { useToasts } from '../../ui/toasts';
import { exportCsv, exportPng } from './exports';
import { OrgPicker } from './OrgPicker';
import {
  DEFAULT_SETTINGS,
  DIMENSION_LABELS,
  DIMENSIONS,
  shapeTrends,
  suppressedMonths,
  trendSettings,
  type Dimension,
  type TrendSettings,
} from './shape';
import { TrendChart } from './TrendChart';
import { TrendTable } from './TrendTable';
import './trends.css';

const WINDOWS = [3, 6, 12, 24] as const;

export default function TrendsScreen() {
  const [settings, setSettings] = usePersistedState('trends.settings', trendSettings, DEFAULT_SETTINGS);
  const { organizationIds, months, dimension, includePlatform } = settings;
  useLinkedOrganisation(setSettings);
  const chartRef = useRef<HTMLDivElement>(null);
  const toasts = useToasts();

  const trends = useQuery({
    queryKey: ['trends', 'org-trends', organizationIds, months, includePlatform],
    queryFn: () => call('trends:org-trends', { organization_ids: organizationIds, months, include_platform: includePlatform }),
    enabled: organizationIds.length > 0,
    placeholderData: keepPreviousData,
  });
  const consoleSettings = useSettings();
  const minResponses = consoleSettings.data
    ? Number(consoleSettings.data.rows.find((row) => row.key === 'trend_min_responses')?.value ?? 5)
    : null;

  const names = useMemo(
    () =>
      new Map(
        (trends.data?.rows ?? []).flatMap((row) => (row.organization_id ? [[row.organization_id, row.organization_name ?? '']] : [])),
      ),
    [trends.data],
  );
  const data = useMemo(
    () => (trends.data ? shapeTrends(trends.data.rows, { organizationIds, dimension }) : null),
    [trends.data, organizationIds, dimension],
  );
  // The table of numbers under the chart (twenty organisations over 24 months: a thousand cells in an auto-width
  // table, most of it below the fold) follows the chart: React renders it after the chart has been committed, in
  // work the browser can paint between, so the chart is shown without waiting for the table's layout (bench:ui).
  const tableData = useDeferredValue(data);
  const compare = organizationIds.length > 1;
  const title = compare
    ? `${DIMENSION_LABELS[dimension]} score by organisation, last ${months} months`
    : `${names.get(organizationIds[0] ?? '') ?? 'Organisation'}: adaptability, last ${months} months`;

  const csv = useMutation({
    mutationFn: () =>
      exportCsv({
        organization_ids: organizationIds,
        months,
        include_platform: includePlatform,
        dimensions: compare ? [dimension] : undefined,
      }),
    onSuccess: (file) => file && toasts.show({ kind: 'ok', message: `Saved ${file}` }),
    onError: (error) => toasts.show({ kind: 'error', message: errorMessage(error) }),
  });
  const png = useMutation({
    mutationFn: () => exportPng(chartRef.current!, `adaptability-trends-${months}-months`),
    onSuccess: (file) => file && toasts.show({ kind: 'ok', message: `Saved ${file}` }),
    onError: (error) => toasts.show({ kind: 'error', message: errorMessage(error) }),
  });

  const hidden = data ? suppressedMonths(data) : [];

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Trends</h1>
          <p className="subtitle">Monthly adaptability scores from completed assessments.</p>
        </div>
        <span className="spacer" />
        <button className="btn" disabled={!data || csv.isPending} onClick={() => csv.mutate()}>
          {csv.isPending ? 'Exporting…' : 'Export CSV'}
        </button>
        <button className="btn" disabled={!data || png.isPending} onClick={() => png.mutate()}>
          {png.isPending ? 'Saving…' : 'Export PNG'}
        </button>
      </header>

      <div className="trends-layout">
        <OrgPicker selected={organizationIds} names={names} onChange={(ids) => setSettings((s) => ({ ...s, organizationIds: ids }))} />

        <section className="stack" aria-label="Trend">
          <div className="row trend-controls">
            <div role="group" aria-label="Window" className="segmented">
              {WINDOWS.map((w) => (
                <button key={w} className="btn small" aria-pressed={months === w} onClick={() => setSettings((s) => ({ ...s, months: w }))}>
                  {w} months
                </button>
              ))}
            </div>
            {compare && (
              <label className="row">
                <span className="field-label">Dimension</span>
                <select
                  className="select"
                  value={dimension}
                  onChange={(e) => setSettings((s) => ({ ...s, dimension: e.target.value as Dimension }))}
                >
                  {DIMENSIONS.map((d) => (
                    <option key={d} value={d}>
                      {DIMENSION_LABELS[d]}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="checkbox">
              <input
                type="checkbox"
                checked={includePlatform}
                onChange={(e) => setSettings((s) => ({ ...s, includePlatform: e.target.checked }))}
              />
              Platform average
            </label>
          </div>

          {organizationIds.length === 0 ? (
            <div className="card">
              <EmptyState title="Choose an organisation">
                Pick one to see its trend, or several to compare them on one dimension.
              </EmptyState>
            </div>
          ) : trends.isError ? (
            <ErrorBanner error={trends.error} onRetry={() => void trends.refetch()} />
          ) : !data ? (
            <div className="card" style={{ padding: 16 }}>
              <Skeleton lines={8} />
            </div>
          ) : (
            <>
              <div className="card" style={{ padding: 12 }}>
                <TrendChart ref={chartRef} data={data} title={title} />
              </div>
              {hidden.length > 0 && (
                <Banner kind="info" title="Not enough responses">
                  {hidden.map((entry) => `${entry.name}: ${entry.months.join(', ')}`).join(' · ')} — fewer than {minResponses ?? 5}{' '}
                  completed assessments, so no averages are shown.
                </Banner>
              )}
              {tableData ? (
                <TrendTable data={tableData} minResponses={minResponses} stale={tableData !== data} />
              ) : (
                <div className="card" style={{ padding: 16 }} aria-busy="true" aria-label="Trend data">
                  <Skeleton lines={4} />
                </div>
              )}
            </>
          )}
        </section>
      </div>
    </div>
  );
}

/** #/trends/<organisation id> (the organisations screen links here): that organisation is chosen, then the address
 * goes back to #/trends so the picker owns the choice again. */
function useLinkedOrganisation(setSettings: (update: (s: TrendSettings) => TrendSettings) => void) {
  const linked = useRoute().rest[0];
  useEffect(() => {
    if (linked === undefined) return;
    if (z.guid().safeParse(linked).success) setSettings((s) => ({ ...s, organizationIds: [linked] }));
    window.location.replace(routeHref('trends'));
  }, [linked, setSettings]);
}
