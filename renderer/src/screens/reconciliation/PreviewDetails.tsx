// What the preview read: a sample of rows as the console will stage them, and every row it cannot read, by line
// and reason. Bad rows are never dropped quietly: the run is refused until the person accepts leaving them out.
import { formatDateTime, formatMoney } from '../../ui/format';
import { badRowColumn, type Preview } from './model';

export function SampleRows(props: { preview: Preview }) {
  const { sample } = props.preview;
  if (sample.length === 0) return <p className="muted">No row of the file could be read with this mapping.</p>;
  return (
    <div className="recon-table-box" tabIndex={0} role="region" aria-label="Sample rows">
      <table className="grid recon-small-table">
        <caption className="visually-hidden">The first {sample.length} readable rows, as they will be matched</caption>
        <colgroup>
          <col style={{ width: 64 }} />
          <col style={{ width: 90 }} />
          <col />
          <col style={{ width: 140 }} />
          <col style={{ width: 150 }} />
          <col style={{ width: 170 }} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col" className="num">
              Line
            </th>
            <th scope="col">Kind</th>
            <th scope="col">Transaction id</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Status</th>
            <th scope="col">Date</th>
          </tr>
        </thead>
        <tbody>
          {sample.map((row) => (
            <tr key={row.line}>
              <td className="num">{row.line}</td>
              <td>{row.kind === 'refund' ? 'Refund' : 'Payment'}</td>
              <td className="mono">{row.transaction_id}</td>
              <td className="num">{formatMoney(row.amount, row.currency)}</td>
              <td>{row.status}</td>
              <td>{formatDateTime(row.occurred_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BadRows(props: { preview: Preview }) {
  const { bad_rows: rows, bad_row_count: total } = props.preview;
  return (
    <div className="stack recon-bad-rows">
      <div className="recon-table-box" tabIndex={0} role="region" aria-label="Rows that cannot be read">
        <table className="grid recon-small-table">
          <caption className="visually-hidden">Rows that cannot be read, with their line number and why</caption>
          <thead>
            <tr>
              <th scope="col" className="num" style={{ width: 70 }}>
                Line
              </th>
              <th scope="col" style={{ width: 150 }}>
                Column
              </th>
              <th scope="col">Why it cannot be read</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.line}>
                <td className="num">{row.line}</td>
                <td>{badRowColumn(row.field, props.preview.mapping)}</td>
                <td className="recon-reason">{row.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > rows.length && (
        <p className="muted">
          The first {rows.length.toLocaleString('en')} of {total.toLocaleString('en')} bad rows are listed. Fix the export or the mapping to
          see the rest.
        </p>
      )}
    </div>
  );
}
