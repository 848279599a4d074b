// Totals for the current filter, one card per currency (payments:totals).
import { formatMoney, formatNumber } from '../../ui/format';
import { paymentStatusInfo } from './labels';
import type { CurrencyTotals } from './totals';

export function Totals(props: { totals: CurrencyTotals[] | undefined; loading: boolean }) {
  if (props.loading && !props.totals) {
    return (
      <div className="totals" aria-busy="true" aria-label="Loading totals">
        {[0, 1].map((i) => (
          <div key={i} className="card stat pay-total">
            <div className="skeleton" style={{ width: '60%' }} />
            <div className="skeleton" style={{ width: '90%', height: 22, marginTop: 8 }} />
          </div>
        ))}
      </div>
    );
  }
  if (!props.totals || props.totals.length === 0) return null;
  return (
    <section className="totals" aria-label="Totals for the current filter">
      {props.totals.map((total) => (
        <div key={total.currency} className="card stat pay-total">
          <div className="pay-total-head">
            <span className="label">
              {total.currency} · {formatNumber(total.payments)} {total.payments === 1 ? 'payment' : 'payments'}
            </span>
          </div>
          <div className="pay-total-figures">
            <div>
              <div className="label">Collected</div>
              <div className="value">{formatMoney(total.collected, total.currency)}</div>
            </div>
            <div>
              <div className="label">Refunded</div>
              <div className="value">{formatMoney(total.refunded, total.currency)}</div>
            </div>
            <div>
              <div className="label">Net</div>
              <div className="value">{formatMoney(total.net, total.currency)}</div>
            </div>
          </div>
          <ul className="pay-total-status" aria-label={`${total.currency} payments by status`}>
            {total.byStatus.map((s) => (
              <li key={s.status}>
                <span className={`badge ${paymentStatusInfo(s.status).badge}`}>{paymentStatusInfo(s.status).label}</span>{' '}
                {formatNumber(s.payments)} · {formatMoney(s.amount, total.currency)}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
