-- 019_console_interrupted_imports.sql
--
-- what: console.discard_reconciliation_run throws away an open (unfinished) reconciliation run: its staged rows, the
-- items kept as they arrived (018), and the run itself, with one audit entry that keeps what the run was.
-- why: issue 20. an import stopped part-way (the app killed or quit mid-file, a cancel, a failed call) leaves its run
-- open with some of the file staged. until now such a run could only be left as it was ("start a new run"), and it
-- stayed in the list as open for ever. the console now lists the caller's open runs that no import of the app is
-- working on as interrupted, and offers to resume (when the file is still there) or to discard them.
-- completed runs stay read-only: only an open run can be discarded, by its creator or an admin, as only they may
-- change it (console_private.lock_open_reconciliation_run, 009).
-- design: supabase/CONSOLE-API.md, "019_console_interrupted_imports.sql". applied by the supabase cli as one implicit
-- transaction: no explicit transaction control, no locks by statement, nothing that needs a superuser.

-- ====== discard an open run ======

create function console.discard_reconciliation_run(p_run_id uuid)
returns table (run_id uuid, file_name text, staged_rows integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_run console.reconciliation_runs;
begin
  perform console_private.require('reconciliation.run');
  -- refuses a run of someone else (42501), an unknown one (P0002) and a completed one (P0001, read-only).
  v_run := console_private.lock_open_reconciliation_run(p_run_id);

  -- rows and items have no foreign key to the run (009): they go first, by the run's key.
  delete from console.reconciliation_rows r where r.run_id = p_run_id;
  delete from console.reconciliation_items i where i.run_id = p_run_id;
  delete from console.reconciliation_runs r where r.id = p_run_id;

  perform console_private.audit('reconciliation.discard', 'reconciliation_run', p_run_id::text,
    jsonb_build_object('status', v_run.status, 'provider', v_run.provider, 'file_name', v_run.file_name,
                       'row_count', v_run.row_count, 'created_by', v_run.created_by, 'created_at', v_run.created_at),
    null);
  return query select p_run_id, v_run.file_name, v_run.row_count;
end;
$$;

comment on function console.discard_reconciliation_run(uuid) is
  'Discards an open reconciliation run (an import that did not finish): its staged rows, its items and the run '
  '(reconciliation.run; the run''s creator or an admin). A completed run cannot be discarded (P0001). Audited '
  '(reconciliation.discard, before: the run). Returns the run''s id, file name and how many rows it had staged.';

-- ====== grants ======

revoke execute on function console.discard_reconciliation_run(uuid) from public, anon;
grant execute on function console.discard_reconciliation_run(uuid) to authenticated, service_role;

-- ====== rollback ======

-- drop function if exists console.discard_reconciliation_run(uuid);
