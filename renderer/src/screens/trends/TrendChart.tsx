// The chart: lines per series (gaps where a month is suppressed or empty), and for one organisation its completed
// assessments per month as bars on a second axis. Colours come from the theme's --chart-N variables.
import { forwardRef, useEffect, useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { chartRows, type ChartData } from './shape';

function readColours(): { series: string[]; text: string; grid: string; bar: string } {
  const style = getComputedStyle(document.documentElement);
  const value = (name: string) => style.getPropertyValue(name).trim();
  return {
    series: [1, 2, 3, 4, 5, 6].map((n) => value(`--chart-${n}`)),
    text: value('--muted'),
    grid: value('--border'),
    bar: value('--border'),
  };
}

/** The theme's chart colours, read again when the OS switches between light and dark. */
function useThemeColours() {
  const [colours, setColours] = useState(readColours);
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const update = () => setColours(readColours());
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return colours;
}

export const TrendChart = forwardRef<HTMLDivElement, { data: ChartData; title: string }>(function TrendChart({ data, title }, ref) {
  const colours = useThemeColours();
  const rows = chartRows(data);
  return (
    <figure ref={ref} className="trend-chart" aria-label={title}>
      <figcaption className="trend-chart-title">{title}</figcaption>
      <ResponsiveContainer width="100%" height={340}>
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={colours.grid} strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fill: colours.text, fontSize: 12 }} stroke={colours.grid} />
          <YAxis yAxisId="score" domain={[0, 100]} tick={{ fill: colours.text, fontSize: 12 }} stroke={colours.grid} width={40} />
          {data.countKey && (
            <YAxis
              yAxisId="count"
              orientation="right"
              allowDecimals={false}
              tick={{ fill: colours.text, fontSize: 12 }}
              stroke={colours.grid}
              width={40}
            />
          )}
          <Tooltip
            formatter={(value, name) => (value === null || value === undefined ? ['not enough responses', name] : [value, name])}
            contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)', borderRadius: 6 }}
            labelStyle={{ color: 'var(--text)', fontWeight: 600 }}
          />
          <Legend wrapperStyle={{ color: colours.text, fontSize: 12 }} />
          {data.countKey && (
            <Bar
              yAxisId="count"
              dataKey="count"
              name="Completed assessments"
              fill={colours.bar}
              fillOpacity={0.6}
              isAnimationActive={false}
            />
          )}
          {data.series.map((series) => (
            <Line
              key={series.key}
              yAxisId="score"
              type="monotone"
              dataKey={(row: Record<string, unknown>) => row[series.key] ?? null}
              name={series.name}
              stroke={colours.series[series.colour - 1]}
              strokeWidth={series.key === 'overall' || series.dashed ? 2.5 : 1.75}
              strokeDasharray={series.dashed ? '6 4' : undefined}
              dot={{ r: 3 }}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
});
