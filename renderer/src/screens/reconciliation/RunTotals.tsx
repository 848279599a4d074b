// A run's outcomes at a glance (each one a filter for the items below) and its amounts per currency.
import { formatMoney, formatNumber } from '../../ui/format';
import { OutcomeBadge } from './columns';
import { OUTCOME_LABEL, OUTCOME_TONE, OUTCOMES, totalsByCurrency, type Outcome, type Run } from './model';

export function OutcomeCounts(props: { run: Run; selected: Outcome | 'all'; onSelect: (outcome: Outcome | 'all') => void }) {
  const { run, selected } = props;
  return (
    <div className="totals recon-outcomes" role="group" aria-label="Outcomes (choose one to filter the items)">
      {OUTCOMES.map((outcome) => (
        <button
          key={outcome}
          className={`card stat recon-stat tone-${OUTCOME_TONE[outcome]}`}
          aria-pressed={selected === outcome}
          onClick={() => props.onSelect(selected === outcome ? 'all' : outcome)}
        >
          <span className="label">{OUTCOME_LABEL[outcome]}</span>
          <span className="value">{formatNumber(run[outcome])}</span>
        </button>
      ))}
    </div>
  );
}

export function CurrencyTotals(props: { run: Run }) {
  const groups = totalsByCurrency(props.run.totals);
  if (groups.length === 0) return null;
  return (
    <div className="recon-table-box" role="region" aria-label="Totals per currency" tabIndex={0}>
      <table className="grid recon-small-table recon-totals">
        <caption className="visually-hidden">Totals per currency and outcome</caption>
        <thead>
          <tr>
            <th scope="col" style={{ width: 90 }}>
              Currency
            </th>
            <th scope="col">Outcome</th>
            <th scope="col" className="num">
              Items
            </th>
            <th scope="col" className="num">
              Processor amount
            </th>
            <th scope="col" className="num">
              HumanGlue amount
            </th>
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody key={group.currency}>
            {group.lines.map((line, index) => (
              <tr key={line.outcome}>
                {index === 0 ? (
                  <th scope="rowgroup" rowSpan={group.lines.length + 1}>
                    {group.currency}
                  </th>
                ) : null}
                <td>
                  <OutcomeBadge outcome={line.outcome} />
                </td>
                <td className="num">{formatNumber(line.count)}</td>
                <td className="num">{formatMoney(line.processor_amount, group.currency)}</td>
                <td className="num">{formatMoney(line.hg_amount, group.currency)}</td>
              </tr>
            ))}
            <tr className="recon-total-row">
              <td>Total {group.currency}</td>
              <td className="num">{formatNumber(group.count)}</td>
              <td className="num">{formatMoney(group.processor_amount, group.currency)}</td>
              <td className="num">{formatMoney(group.hg_amount, group.currency)}</td>
            </tr>
          </tbody>
        ))}
      </table>
    </div>
  );
}
