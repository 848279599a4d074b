// The assessments table (module constant): who and which assessment, its status and date, the five scores and overall.
// SQL orders it (newest completed first), so nothing sorts here. There is no column for answers: they never leave SQL.
import { formatDate, formatDateTime } from '../../ui/format';
import type { Column } from '../../ui/table/DataTable';
import { formatScore, SCORES, STATUS_BADGE, statusLabel, typeLabel, type AssessmentRow } from './model';

export const assessmentColumns: Column<AssessmentRow>[] = [
  {
    id: 'person',
    accessorKey: 'full_name',
    header: 'Person',
    enableSorting: false,
    enableHiding: false,
    meta: { label: 'Person and assessment type' },
    cell: (c) => (
      <span className="asm-two">
        <span>{c.getValue() ?? <span className="muted">No name</span>}</span>
        <small className="muted">{typeLabel(c.row.original.assessment_type)} assessment</small>
      </span>
    ),
  },
  {
    id: 'status',
    accessorKey: 'status',
    header: 'Status',
    enableSorting: false,
    meta: { label: 'Status', width: 120 },
    cell: (c) => <span className={`badge ${STATUS_BADGE[c.getValue()] ?? ''}`}>{statusLabel(c.getValue())}</span>,
  },
  {
    id: 'completed_at',
    accessorKey: 'completed_at',
    header: 'Completed',
    enableSorting: false,
    meta: { label: 'Completed', width: 116 },
    cell: (c) =>
      c.getValue() ? <span title={formatDateTime(c.getValue())}>{formatDate(c.getValue())}</span> : <span className="muted">not yet</span>,
  },
  ...SCORES.map((score): Column<AssessmentRow> => ({
    id: score.key,
    accessorKey: score.key,
    header: score.label,
    enableSorting: false,
    meta: { label: `${score.label} score`, width: score.key === 'overall_score' ? 76 : 104, align: 'right' },
    cell: (c) => (score.key === 'overall_score' ? <strong>{formatScore(c.getValue())}</strong> : formatScore(c.getValue())),
  })),
];
