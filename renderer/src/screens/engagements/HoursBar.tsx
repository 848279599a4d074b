// "12.5 / 40 h" with a small bar of how much of the budget is used; the text carries the meaning, the bar is a glance.
import { budgetLevel, budgetPercent, hoursOfBudget } from './hours';

export function HoursBar(props: { used: number; total: number }) {
  const { used, total } = props;
  return (
    <span className="eng-hours">
      <span className="eng-hours-text">{hoursOfBudget(used, total)}</span>
      <span className={`eng-bar ${budgetLevel(used, total)}`} aria-hidden="true">
        <span style={{ width: `${budgetPercent(used, total)}%` }} />
      </span>
    </span>
  );
}
