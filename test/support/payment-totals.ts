// payment_totals checked against the payments themselves (017's rollup, 020's bands): the same filter as a group by
// over public.payments, both sides as text for comparing, and the rollups' own drift check.
import type pg from 'pg';

export interface Total {
  currency: string;
  status: string;
  payments: string;
  amount: string;
  refunded: string;
}

export interface TotalsFilter {
  status?: string[];
  provider?: string[];
  type?: string[];
  currency?: string[];
  from?: string;
  to?: string;
  min_amount?: number;
  max_amount?: number;
  search?: string;
}

/** The totals as a group by over public.payments with the same filter: what the rollups must equal. */
export async function recomputedTotals(db: { owner: pg.Client }, f: TotalsFilter): Promise<Total[]> {
  const where: string[] = ['true'];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll('$', `$${params.length}`));
  };
  if (f.status) add('p.status = any ($)', f.status);
  if (f.provider) add('p.provider = any ($)', f.provider);
  if (f.type) add('p.payment_type = any ($)', f.type);
  if (f.currency) add('p.currency = any ($)', f.currency);
  if (f.from) add('p.created_at >= $', f.from);
  if (f.to) add('p.created_at < $', f.to);
  if (f.min_amount !== undefined) add('p.amount >= $', f.min_amount);
  if (f.max_amount !== undefined) add('p.amount <= $', f.max_amount);
  if (f.search)
    add(
      `(p.invoice_number like upper($::text) || '%' or p.transaction_id like $::text || '%'
        or p.user_id in (select u.id from public.users u where u.email like lower($::text) || '%'))`,
      f.search,
    );
  const { rows } = await db.owner.query<Total>(
    `select p.currency, p.status, count(*)::text as payments, sum(p.amount)::text as amount,
            sum(p.refund_amount)::text as refunded
       from public.payments p where ${where.join(' and ')}
      group by 1, 2 order by 1, 2`,
    params,
  );
  return rows;
}

/** Totals as text, so that numeric and count types compare equal whichever side they came from. */
export const totalsAsText = (rows: Total[]) =>
  rows.map((r) => ({
    currency: r.currency,
    status: r.status,
    payments: String(r.payments),
    amount: Number(r.amount).toFixed(2),
    refunded: Number(r.refunded).toFixed(2),
  }));

/** The rollups' rows that differ from a recomputation (console_private.payment_totals_drift): none when they agree. */
export async function totalsDrift(db: {
  owner: pg.Client;
}): Promise<{ scope: string; period?: string; band: number | null; each_amount: unknown }[]> {
  return (await db.owner.query('select * from console_private.payment_totals_drift()')).rows;
}
