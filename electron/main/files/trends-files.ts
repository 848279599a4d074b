// trends:export-csv (what the chart shows, from console.org_trends: a suppressed month keeps its count and gets
// blank averages and a "not enough responses" note — SQL has already withheld the numbers, and this file never
// writes an average for a suppressed row even if one arrived) and trends:export-png (a capture of the chart's
// rectangle of the window; no image data crosses IPC).
import { basename } from 'node:path';
import type { ParsedInput } from '../../../shared/ipc/contract.js';
import { IpcFailure } from '../ipc/errors.js';
import type { trendFileChannels } from '../../../shared/ipc/trends.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import type { FnRow } from '../services/rpc.js';
import { requireCapability, safeFileName, today } from './access.js';
import { csvLine, decimal, UTF8_BOM, writeAtomically } from './csv-write.js';
import type { FileDeps } from './deps.js';
import { startCsvExport } from './export.js';

type Dimension = NonNullable<ParsedInput<'trends:export-csv'>['dimensions']>[number];
const DIMENSIONS: readonly Dimension[] = ['overall', 'individual', 'leadership', 'cultural', 'embedding', 'velocity'];
export const NOT_ENOUGH_RESPONSES = 'not enough responses';
const PLATFORM = 'All organisations (platform)';

type TrendRow = FnRow<'org_trends'>;
// Nullable in fact (the generator marks every column of a `returns table` non-null).
const average = (row: TrendRow, dimension: Dimension): number | null => row[`avg_${dimension}`];

function trendHeader(dimensions: readonly Dimension[]): string {
  return (
    UTF8_BOM + csvLine(['organization', 'organization_id', 'month', 'completed_assessments', ...dimensions.map((d) => `avg_${d}`), 'note'])
  );
}

function trendLine(row: TrendRow, dimensions: readonly Dimension[]): string {
  return csvLine([
    row.organization_id === null ? PLATFORM : row.organization_name,
    row.organization_id,
    String(row.month).slice(0, 7),
    row.assessment_count,
    ...dimensions.map((d) => (row.suppressed ? null : decimal(average(row, d), 1))),
    row.suppressed ? NOT_ENOUGH_RESPONSES : null,
  ]);
}

export function trendsCsv(rows: readonly TrendRow[], dimensions: readonly Dimension[]): string {
  return trendHeader(dimensions) + rows.map((row) => trendLine(row, dimensions)).join('');
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_EDGE = 16_384;
const MAX_PIXELS = 8_192 * 8_192;

type Rect = ParsedInput<'trends:export-png'>['rect'];

/** The contract bounds each number; this bounds the rectangle as a whole (inside the largest window, sane area). */
export function checkRect(rect: Rect): void {
  const values = [rect.x, rect.y, rect.width, rect.height];
  if (!values.every((v) => Number.isFinite(v) && Number.isInteger(v) && v >= 0)) {
    throw new IpcFailure('validation', 'rect: x, y, width and height must be whole numbers of pixels, 0 or more', { field: 'rect' });
  }
  if (rect.width < 1 || rect.height < 1) {
    throw new IpcFailure('validation', 'rect: width and height must be at least 1 pixel', { field: 'rect' });
  }
  if (rect.x + rect.width > MAX_EDGE || rect.y + rect.height > MAX_EDGE) {
    throw new IpcFailure('validation', `rect: must lie within ${MAX_EDGE} × ${MAX_EDGE} pixels`, { field: 'rect' });
  }
  if (rect.width * rect.height > MAX_PIXELS) {
    throw new IpcFailure('validation', 'rect: is too large to export as an image (at most 8192 × 8192 pixels)', { field: 'rect' });
  }
}

export function trendFileHandlers(deps: FileDeps): DomainHandlers<typeof trendFileChannels> {
  const { files, auth, call } = deps;
  return {
    'trends:export-csv': async (input) => {
      requireCapability(auth, 'trends.read');
      // Read first: a bad organisation id or a missing permission is answered before the save dialog.
      const rows = await call('org_trends', {
        p_org_ids: input.organization_ids,
        p_months: input.months,
        p_include_platform: input.include_platform,
      });
      const dimensions = DIMENSIONS.filter((d) => (input.dimensions ?? DIMENSIONS).includes(d));
      // The trend is one read (already made, above): the whole file is its one page.
      return startCsvExport(deps, {
        kind: 'trends-export',
        title: 'Export trend data',
        defaultName: `adaptability-trends-${input.months}-months-${today()}.csv`,
        total: rows.length,
        header: trendHeader(dimensions),
        page: async () => rows,
        line: (row) => trendLine(row, dimensions),
      });
    },

    'trends:export-png': async (input) => {
      requireCapability(auth, 'trends.read');
      checkRect(input.rect);
      const { x, y, width, height } = input.rect;
      const png = await files.capturePng({ x, y, width, height });
      if (png.length <= PNG_SIGNATURE.length || !png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
        throw new IpcFailure(
          'validation',
          'rect: nothing could be captured there. Make sure the chart is visible in the window and try again.',
          {
            field: 'rect',
          },
        );
      }
      const path = await files.chooseSaveFile({
        title: 'Export chart as PNG',
        defaultName: safeFileName(input.file_name ?? `adaptability-trends-${today()}`, 'png'),
        filters: [{ name: 'PNG images', extensions: ['png'] }],
      });
      if (path === null) return { file_name: null };
      await writeAtomically(path, (out) => out.write(png), { journal: deps.journal });
      return { file_name: basename(path) };
    },
  };
}
