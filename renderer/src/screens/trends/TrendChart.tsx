// The chart: lines per series (gaps where a month is suppressed or empty), and for one organisation its completed
// assessments per month as bars on a second axis. Colours come from the theme's --chart-N variables (trends.css).
// Drawn as plain SVG: twenty organisations over 24 months is 21 paths, where a charting library built a component
// per dot and re-derived its state once per series, and took over a second of the screen's first render (bench:ui).
import { forwardRef, memo, useLayoutEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { formatNumber } from '../../ui/format';
import { bandCentre, countTicks, dotsPath, labelStep, linearScale, monotonePath, runs, type Point } from './chart-geometry';
import type { ChartData, Series } from './shape';

const HEIGHT = 300;
const MARGIN = { top: 8, right: 16, bottom: 28, left: 44 };
const COUNT_AXIS = 44;
const SCORE_TICKS = [0, 25, 50, 75, 100];
/** A month label ("Sept 2025") at 12 px, with room to spare. */
const LABEL_WIDTH = 62;
const DOT_RADIUS = 3;

interface Geometry {
  width: number;
  plot: { left: number; top: number; width: number; height: number };
  band: number;
  score: (value: number) => number;
  count: ((value: number) => number) | null;
  countTicks: number[];
}

function geometry(data: ChartData, width: number): Geometry {
  const right = MARGIN.right + (data.countKey ? COUNT_AXIS : 0);
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: Math.max(width - MARGIN.left - right, 1),
    height: HEIGHT - MARGIN.top - MARGIN.bottom,
  };
  const counts = data.countKey ? data.points.map((point) => point.counts[data.countKey!] ?? 0) : [];
  const ticks = data.countKey ? countTicks(Math.max(0, ...counts)) : [];
  return {
    width,
    plot,
    band: plot.width / Math.max(data.points.length, 1),
    score: linearScale(0, 100, plot.top, plot.height),
    count: data.countKey ? linearScale(0, ticks[ticks.length - 1]!, plot.top, plot.height) : null,
    countTicks: ticks,
  };
}

const strokeWidth = (series: Series) => (series.key === 'overall' || series.dashed ? 2.5 : 1.75);

/** The drawing for one size: axes, bars, lines and dots. Memoised apart from the hover state. */
const Drawing = memo(function Drawing({ data, geo }: { data: ChartData; geo: Geometry }) {
  const { plot } = geo;
  const bottom = plot.top + plot.height;
  const step = labelStep(LABEL_WIDTH, geo.band);
  const x = (index: number) => bandCentre(index, data.points.length, plot.left, plot.width);
  return (
    <>
      <g className="trend-grid">
        {SCORE_TICKS.map((tick) => (
          <line key={tick} x1={plot.left} x2={plot.left + plot.width} y1={geo.score(tick)} y2={geo.score(tick)} />
        ))}
      </g>
      <g className="trend-axis" aria-hidden="true">
        <line x1={plot.left} x2={plot.left + plot.width} y1={bottom} y2={bottom} />
        <line x1={plot.left} x2={plot.left} y1={plot.top} y2={bottom} />
        {SCORE_TICKS.map((tick) => (
          <text key={tick} x={plot.left - 8} y={geo.score(tick)} textAnchor="end" dominantBaseline="middle">
            {tick}
          </text>
        ))}
        {data.points.map((point, index) =>
          // Counted from the last month, so the latest is always labelled.
          (data.points.length - 1 - index) % step === 0 ? (
            <text key={point.month} x={x(index)} y={bottom + 18} textAnchor="middle">
              {point.label}
            </text>
          ) : null,
        )}
        {geo.count && (
          <>
            <line x1={plot.left + plot.width} x2={plot.left + plot.width} y1={plot.top} y2={bottom} />
            {geo.countTicks.map((tick) => (
              <text key={tick} x={plot.left + plot.width + 8} y={geo.count!(tick)} dominantBaseline="middle">
                {tick}
              </text>
            ))}
          </>
        )}
      </g>
      {geo.count && (
        <g className="trend-bars">
          {data.points.map((point, index) => {
            const value = point.counts[data.countKey!] ?? 0;
            const top = geo.count!(value);
            return <rect key={point.month} x={x(index) - geo.band * 0.4} y={top} width={geo.band * 0.8} height={bottom - top} />;
          })}
        </g>
      )}
      {data.series.map((series) => {
        const points = data.points.map((point, index): Point | null => {
          const value = point.values[series.key];
          return value === null || value === undefined ? null : { x: x(index), y: geo.score(value) };
        });
        const present = points.filter((point): point is Point => point !== null);
        return (
          <g key={series.key} className={`trend-series trend-colour-${series.colour}`} strokeWidth={strokeWidth(series)}>
            <path className="trend-line" strokeDasharray={series.dashed ? '6 4' : undefined} d={runs(points).map(monotonePath).join('')} />
            <path className="trend-dots" d={dotsPath(present, DOT_RADIUS)} />
          </g>
        );
      })}
    </>
  );
});

/** The month under the pointer: a cursor line and its values beside it. */
function HoverCard({ data, geo, index }: { data: ChartData; geo: Geometry; index: number }) {
  const point = data.points[index]!;
  const x = bandCentre(index, data.points.length, geo.plot.left, geo.plot.width);
  const onLeft = x > geo.plot.left + geo.plot.width / 2;
  return (
    <div className="trend-hover" style={onLeft ? { right: geo.width - x + 12 } : { left: x + 12 }} aria-hidden="true">
      <strong>{point.label}</strong>
      {data.countKey && (
        <div>
          Completed assessments: <span className="num">{point.counts[data.countKey] ?? 0}</span>
        </div>
      )}
      {data.series.map((series) => {
        const value = point.values[series.key];
        return (
          <div key={series.key} className={`trend-colour-${series.colour}`}>
            <span className="trend-swatch" /> {series.name}:{' '}
            <span className="num">{value === null || value === undefined ? 'not enough responses' : formatNumber(value, 1)}</span>
          </div>
        );
      })}
    </div>
  );
}

function Legend({ series }: { series: Series[] }) {
  return (
    <ul className="trend-legend" aria-label="Legend">
      {series.map((entry) => (
        <li key={entry.key} className={`trend-colour-${entry.colour}`}>
          <svg width="18" height="10" aria-hidden="true">
            <line x1="0" x2="18" y1="5" y2="5" strokeWidth="2" strokeDasharray={entry.dashed ? '4 3' : undefined} />
            <circle cx="9" cy="5" r="3" strokeWidth="1.5" />
          </svg>
          {entry.name}
        </li>
      ))}
    </ul>
  );
}

/** The width the chart has, read before the first paint and again when the window resizes. */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    // Read before paint, so the first frame already has the chart; the observer follows later resizes.
    setWidth(Math.round(element.getBoundingClientRect().width));
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.round(entry.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

// Memoised: the screen re-renders as its other queries settle, and the chart only changes with its data.
export const TrendChart = memo(
  forwardRef<HTMLDivElement, { data: ChartData; title: string }>(function TrendChart({ data, title }, ref) {
    const [boxRef, width] = useWidth();
    const geo = useMemo(() => (width > 0 ? geometry(data, width) : null), [data, width]);
    const [hovered, setHover] = useState<number | null>(null);
    const hover = hovered !== null && hovered < data.points.length ? hovered : null;
    const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
      if (!geo) return;
      const x = event.clientX - event.currentTarget.getBoundingClientRect().left - geo.plot.left;
      const index = Math.floor(x / geo.band);
      setHover(index >= 0 && index < data.points.length ? index : null);
    };
    return (
      <figure ref={ref} className="trend-chart" aria-label={title}>
        <figcaption className="trend-chart-title">{title}</figcaption>
        <div ref={boxRef} className="trend-plot" style={{ height: HEIGHT }}>
          {geo && (
            <svg
              width={geo.width}
              height={HEIGHT}
              role="img"
              aria-label={`${title}: ${data.series.length} ${data.series.length === 1 ? 'line' : 'lines'} over ${data.points.length} months; the table below has the numbers`}
              onPointerMove={onPointerMove}
              onPointerLeave={() => setHover(null)}
            >
              <Drawing data={data} geo={geo} />
              {hover !== null && (
                <line
                  className="trend-cursor"
                  x1={bandCentre(hover, data.points.length, geo.plot.left, geo.plot.width)}
                  x2={bandCentre(hover, data.points.length, geo.plot.left, geo.plot.width)}
                  y1={geo.plot.top}
                  y2={geo.plot.top + geo.plot.height}
                />
              )}
            </svg>
          )}
          {geo && hover !== null && <HoverCard data={data} geo={geo} index={hover} />}
        </div>
        <Legend series={data.series} />
      </figure>
    );
  }),
);
