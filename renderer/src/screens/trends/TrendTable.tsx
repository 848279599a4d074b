// The chart's numbers as a table, so they can be read (and read out) without the chart.
import { memo } from 'react';
import { formatNumber } from '../../ui/format';
import { PLATFORM, type ChartData } from './shape';

// Memoised: twenty organisations make a thousand cells, and the screen renders again as its other queries settle.
// `stale`: the chart already shows newer data and this table is about to follow (TrendsScreen defers it).
export const TrendTable = memo(function TrendTable(props: { data: ChartData; minResponses: number | null; stale?: boolean }) {
  const { data } = props;
  const countKeys = data.mode === 'dimensions' ? [data.countKey!] : data.series.map((s) => s.key);
  const cell = (value: number | null | undefined, count: number | undefined, suppressed: boolean | undefined) => {
    if (!count) return <span className="muted">no assessments</span>;
    if (suppressed) return <span className="muted">not enough responses</span>;
    return formatNumber(value ?? null, 1);
  };
  return (
    <div
      className="table-scroll trend-table"
      style={{ minHeight: 0 }}
      tabIndex={0}
      role="region"
      aria-label="Trend data"
      aria-busy={props.stale || undefined}
    >
      <table className="grid" aria-label="Trend data by month">
        <thead>
          <tr>
            <th scope="col">Month</th>
            {data.mode === 'dimensions' && (
              <th scope="col" className="num">
                Completed
              </th>
            )}
            {data.series.map((series) => (
              <th key={series.key} scope="col" className="num">
                {series.name}
              </th>
            ))}
            {data.mode === 'compare' &&
              countKeys.map((key) => (
                <th key={`${key}-n`} scope="col" className="num">
                  {data.series.find((s) => s.key === key)?.name} (n)
                </th>
              ))}
          </tr>
        </thead>
        <tbody>
          {data.points.map((point) => (
            <tr key={point.month}>
              <th scope="row" style={{ fontWeight: 500 }}>
                {point.label}
              </th>
              {data.mode === 'dimensions' && <td className="num">{point.counts[data.countKey!] ?? 0}</td>}
              {data.series.map((series) => {
                const owner = data.mode === 'dimensions' ? (series.dashed ? PLATFORM : data.countKey!) : series.key;
                return (
                  <td key={series.key} className="num">
                    {cell(point.values[series.key], point.counts[owner], point.suppressed[owner])}
                  </td>
                );
              })}
              {data.mode === 'compare' &&
                countKeys.map((key) => (
                  <td key={`${key}-n`} className="num">
                    {point.counts[key] ?? 0}
                  </td>
                ))}
            </tr>
          ))}
        </tbody>
      </table>
      {props.minResponses !== null && (
        <p className="muted" style={{ padding: '8px 10px' }}>
          Months with fewer than {props.minResponses} completed assessments show no averages, to keep responses anonymous.
        </p>
      )}
    </div>
  );
});
