-- 023_console_export_csv.sql
--
-- what: console.export_payments_csv — a page of the payments export as the CSV lines the console writes, with the
-- page's row count and the cursor after its last row.
-- why: issue 19 (a CSV export of 100 000 payments in ≤ 5 s, with progress). export_payments (018) answers a page of
-- 5 000 payments as rows: ~4 MB of JSON built by PostgreSQL, parsed and encoded again by the API, parsed by main
-- into 5 000 objects, each then formatted as a CSV line. the lines themselves are cheaper to build here than that
-- JSON. the rows are export_payments' own (console_private.payments_page: list_payments' filters, sort, keyset and
-- labels; payments.read), so the file still holds exactly what the list shows, and main keeps the BOM, the header,
-- the progress, the cancel and the atomic file.
-- the bytes are those of the console's CSV writer (electron/main/files/csv-write.ts, payments-files.ts' paymentLine),
-- which test/main/export-files.test.ts compares with this function's on awkward data:
--   * text: always quoted, quotes doubled; text starting like a formula (= + - @, tab, carriage return and their
--     full-width forms) prefixed with ' (OWASP "CSV injection"); null: an empty cell;
--   * timestamps: to_json's text, what main received through the API (ISO 8601 in the session's time zone);
--   * amounts: two decimals, unquoted; lines end with CRLF.
-- design: supabase/CONSOLE-API.md, "023_console_export_csv.sql". applied by the supabase cli as one implicit
-- transaction: no explicit transaction control, no locks by statement, nothing that needs a superuser.

-- ====== a CSV cell, as SQL text ======

-- the SQL expression that makes the text expression p_expr a CSV cell, as csv-write.ts' csvCell writes a string:
-- written into a query built as text rather than called once a cell (a function with `set search_path` is never
-- inlined, and its call would cost more than the cell). the first character is compared by code point (ascii), so
-- no text is made for it.
create function console_private.csv_text_cell_sql(p_expr text)
returns text
language sql
stable
set search_path = ''
as $$
  select format(
    $f$coalesce('"' || replace(case when ascii(%1$s) in (61, 43, 45, 64, 9, 13, 65309, 65291, 65293, 65312) then '''' else '' end || %1$s, '"', '""') || '"', '')$f$,
    '(' || p_expr || ')');
$$;

comment on function console_private.csv_text_cell_sql(text) is
  'The SQL expression of a CSV cell for the text expression given, as the console''s CSV writer writes text: '
  'quoted, quotes doubled, prefixed with '' when it starts with = + - @, tab, carriage return or their full-width '
  'forms; null: an empty cell. For queries built as text.';

-- ====== payments: a page of the export as CSV ======

create function console.export_payments_csv(
  p_status text[] default null,
  p_provider text[] default null,
  p_type text[] default null,
  p_currency text[] default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_min_amount numeric default null,
  p_max_amount numeric default null,
  p_search text default null,
  p_sort text default 'created_at',
  p_desc boolean default true,
  p_after jsonb default null,
  p_limit integer default 5000
)
returns table (csv text, row_count integer, next_after jsonb)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_line text;
begin
  perform console_private.require('payments.read');
  if p_limit is null or p_limit < 1 or p_limit > 10000 then
    perform console_private.invalid('limit', 'must be between 1 and 10000');
  end if;
  -- payments-files.ts' COLUMNS, in its order. a uuid's text needs neither the guard nor a doubled quote. a
  -- timestamp's to_json text is what main received: already in quotes, with nothing to double, and only -infinity
  -- starts like a formula. amounts as main wrote them (toFixed(2); NaN, which numeric(12,2) can hold, is empty).
  v_line := concat_ws(' || '','' || ',
    $c$coalesce('"' || p.id::text || '"', '')$c$,
    $c$coalesce(case when p.created_at = '-infinity' then '"''-infinity"' else to_json(p.created_at)::text end, '')$c$,
    console_private.csv_text_cell_sql('p.payer_name'),
    console_private.csv_text_cell_sql('p.payer_email'),
    $c$coalesce('"' || p.user_id::text || '"', '')$c$,
    console_private.csv_text_cell_sql('p.organization_name'),
    $c$coalesce('"' || p.organization_id::text || '"', '')$c$,
    console_private.csv_text_cell_sql('p.payment_type'),
    console_private.csv_text_cell_sql('p.related_name'),
    $c$coalesce('"' || p.related_entity_id::text || '"', '')$c$,
    console_private.csv_text_cell_sql('p.description'),
    console_private.csv_text_cell_sql('p.provider'),
    console_private.csv_text_cell_sql('p.transaction_id'),
    $c$coalesce(round(nullif(p.amount, 'NaN'), 2)::text, '')$c$,
    console_private.csv_text_cell_sql('p.currency'),
    $c$coalesce(round(nullif(p.refund_amount, 'NaN'), 2)::text, '')$c$,
    $c$coalesce(case when p.refunded_at = '-infinity' then '"''-infinity"' else to_json(p.refunded_at)::text end, '')$c$,
    console_private.csv_text_cell_sql('p.status'),
    console_private.csv_text_cell_sql('p.invoice_number'),
    console_private.csv_text_cell_sql('p.invoice_url')) || $c$ || E'\r\n'$c$;
  -- both aggregates in the page's order (one sort): the lines, and the last row's cursor.
  return query execute format(
    $q$select coalesce(string_agg(%s, '' order by p.ordinality), ''), count(*)::integer,
              (array_agg(p.cursor order by p.ordinality))[count(*)::integer]
         from console_private.payments_page($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
              with ordinality as p$q$,
    v_line)
    using p_status, p_provider, p_type, p_currency, p_from, p_to, p_min_amount, p_max_amount, p_search, p_sort,
          p_desc, p_after, p_limit;
end;
$$;

comment on function console.export_payments_csv(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer) is
  'export_payments'' page (list_payments'' rows, filters, sort and cursors; up to 10 000, default 5 000) as the '
  'console''s CSV lines (csv, CRLF after each), with its row count and the cursor after its last row (null when '
  'empty) (payments.read).';

-- ====== grants ======

revoke execute on function
  console_private.csv_text_cell_sql(text),
  console.export_payments_csv(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer)
  from public, anon;
grant execute on function
  console_private.csv_text_cell_sql(text),
  console.export_payments_csv(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer)
  to authenticated, service_role;

-- ====== rollback ======
-- drop function if exists console.export_payments_csv(text[], text[], text[], text[], timestamptz, timestamptz, numeric, numeric, text, text, boolean, jsonb, integer);
-- drop function if exists console_private.csv_text_cell_sql(text);
