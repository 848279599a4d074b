-- 003_create_assessments.sql
--
-- what: adaptability assessments (five dimension scores 0-100 and a generated overall score), their answers, the
-- trigger that recomputes the dimension scores as weighted averages whenever answers change, and
-- get_org_adaptability_trend, the monthly averages an organization's dashboard charts.
-- why: scores derived in the database cannot drift from the answers they summarise, whichever client wrote them.
-- design: supabase/SCHEMA.md (003); style: supabase/CONVENTIONS.md.

-- ====== assessments ======

create table public.assessments (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  organization_id uuid references public.organizations (id) on delete set null,
  assessment_type text not null default 'full' check (assessment_type in ('full', 'quick', 'follow_up')),
  status text not null default 'in_progress' check (status in ('in_progress', 'completed', 'abandoned')),
  individual_score integer check (individual_score between 0 and 100),
  leadership_score integer check (leadership_score between 0 and 100),
  cultural_score integer check (cultural_score between 0 and 100),
  embedding_score integer check (embedding_score between 0 and 100),
  velocity_score integer check (velocity_score between 0 and 100),
  overall_score integer generated always as (
    (individual_score + leadership_score + cultural_score + embedding_score + velocity_score) / 5
  ) stored,
  results jsonb not null default '{}',
  recommendations jsonb not null default '[]',
  started_at timestamptz not null default now(),
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint assessments_completed_at_check check (status <> 'completed' or completed_at is not null)
);

comment on table public.assessments is
  'Adaptability assessments: five dimension scores (0-100, recomputed from the answers) and overall_score, their '
  'generated average (null while any dimension is unanswered); results and recommendations as JSON.';

-- user_id leads (user_id, completed_at desc).
create index idx_assessments_user_id_completed_at on public.assessments (user_id, completed_at desc);
create index idx_assessments_organization_id on public.assessments (organization_id);
create index idx_assessments_status on public.assessments (status);
create index idx_assessments_results on public.assessments using gin (results);
create index idx_assessments_recommendations on public.assessments using gin (recommendations);
-- organization trends: completed assessments of an organization by completion time.
create index idx_assessments_org_completed on public.assessments (organization_id, completed_at)
  where status = 'completed';

create trigger assessments_set_updated_at
  before update on public.assessments
  for each row execute function public.set_updated_at();

-- ====== assessment_answers ======

create table public.assessment_answers (
  id uuid primary key default gen_random_uuid(),
  assessment_id uuid not null references public.assessments (id) on delete cascade,
  question_id text not null,
  dimension text not null check (dimension in ('individual', 'leadership', 'cultural', 'embedding', 'velocity')),
  answer_type text not null check (answer_type in ('scale', 'multiChoice', 'fearToConfidence', 'text')),
  answer_value numeric(5,2) check (answer_value between 0 and 100),
  answer_text text,
  question_weight numeric(6,3) not null default 1 check (question_weight > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint assessment_answers_assessment_id_question_id_key unique (assessment_id, question_id),
  constraint assessment_answers_answer_value_required_check check (answer_value is not null or answer_type = 'text')
);

comment on table public.assessment_answers is
  'One answer per question of an assessment: dimension, answer type, value 0-100 (null only for text answers) '
  'and the question''s weight in its dimension''s score.';

-- assessment_id leads the unique constraint's index.

create trigger assessment_answers_set_updated_at
  before update on public.assessment_answers
  for each row execute function public.set_updated_at();

-- security definer: the answering user may not update the parent assessment's scores (e.g. once it is completed).
create function public.recalculate_assessment_scores()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  for v_id in
    select distinct x.id
      from (values (case when tg_op <> 'INSERT' then old.assessment_id end),
                   (case when tg_op <> 'DELETE' then new.assessment_id end)) as x (id)
     where x.id is not null
  loop
    update public.assessments a
       set individual_score = s.individual,
           leadership_score = s.leadership,
           cultural_score = s.cultural,
           embedding_score = s.embedding,
           velocity_score = s.velocity
      from (
        select
          round(sum(aa.answer_value * aa.question_weight) filter (where aa.dimension = 'individual')
                / sum(aa.question_weight) filter (where aa.dimension = 'individual'))::integer as individual,
          round(sum(aa.answer_value * aa.question_weight) filter (where aa.dimension = 'leadership')
                / sum(aa.question_weight) filter (where aa.dimension = 'leadership'))::integer as leadership,
          round(sum(aa.answer_value * aa.question_weight) filter (where aa.dimension = 'cultural')
                / sum(aa.question_weight) filter (where aa.dimension = 'cultural'))::integer as cultural,
          round(sum(aa.answer_value * aa.question_weight) filter (where aa.dimension = 'embedding')
                / sum(aa.question_weight) filter (where aa.dimension = 'embedding'))::integer as embedding,
          round(sum(aa.answer_value * aa.question_weight) filter (where aa.dimension = 'velocity')
                / sum(aa.question_weight) filter (where aa.dimension = 'velocity'))::integer as velocity
          from public.assessment_answers aa
         where aa.assessment_id = v_id
           and aa.answer_value is not null
      ) s
     where a.id = v_id
       and (a.individual_score, a.leadership_score, a.cultural_score, a.embedding_score, a.velocity_score)
           is distinct from (s.individual, s.leadership, s.cultural, s.embedding, s.velocity);
  end loop;
  return null;
end;
$$;

comment on function public.recalculate_assessment_scores() is
  'Trigger function (after insert/update/delete on assessment_answers): each dimension score of the affected '
  'assessments = round(sum(answer_value * question_weight) / sum(question_weight)) over its answered questions, '
  'null when there are none.';

revoke execute on function public.recalculate_assessment_scores() from public, anon, authenticated;

create trigger assessment_answers_scores
  after insert or update or delete on public.assessment_answers
  for each row execute function public.recalculate_assessment_scores();

-- ====== organization trend ======

-- security invoker (default): rls decides which assessments the caller may count.
create function public.get_org_adaptability_trend(p_org_id uuid, p_months integer default 6)
returns table (
  month date,
  avg_overall numeric,
  avg_individual numeric,
  avg_leadership numeric,
  avg_cultural numeric,
  avg_embedding numeric,
  avg_velocity numeric,
  assessment_count bigint
)
language plpgsql
stable
set search_path = ''
as $$
begin
  if p_months is null or p_months < 1 or p_months > 120 then
    raise exception 'p_months must be between 1 and 120 months (got %)', coalesce(p_months::text, 'null')
      using errcode = '22023';
  end if;

  return query
    select
      date_trunc('month', a.completed_at)::date,
      round(avg(a.overall_score), 1),
      round(avg(a.individual_score), 1),
      round(avg(a.leadership_score), 1),
      round(avg(a.cultural_score), 1),
      round(avg(a.embedding_score), 1),
      round(avg(a.velocity_score), 1),
      count(*)
      from public.assessments a
     where a.organization_id = p_org_id
       and a.status = 'completed'
       and a.completed_at >= date_trunc('month', now()) - make_interval(months => p_months - 1)
       and a.completed_at < date_trunc('month', now()) + interval '1 month'
     group by 1
     order by 1 desc;
end;
$$;

comment on function public.get_org_adaptability_trend(uuid, integer) is
  'Monthly averages (1 decimal) of the organization''s completed assessments over the last p_months calendar '
  'months, current month included, newest first. Security invoker: only assessments the caller may see count.';

revoke execute on function public.get_org_adaptability_trend(uuid, integer) from public, anon, authenticated;
grant execute on function public.get_org_adaptability_trend(uuid, integer) to authenticated;

-- ====== row-level security ======

alter table public.assessments enable row level security;
alter table public.assessment_answers enable row level security;

revoke all on public.assessments from anon, authenticated;
revoke all on public.assessment_answers from anon, authenticated;
grant select, insert, update, delete on public.assessments to authenticated;
grant select, insert, update, delete on public.assessment_answers to authenticated;

-- assessments
create policy "Users see own assessments, org admins their org's; admins all"
  on public.assessments for select to authenticated
  using (
    user_id = (select auth.uid())
    or (organization_id is not null and public.is_org_admin(organization_id))
    or (select public.is_admin())
  );

-- an assessment counts in its organization's trend: only members of that organization may file one under it.
create policy "Users start their own assessments; admins create any"
  on public.assessments for insert to authenticated
  with check (
    (
      user_id = (select auth.uid())
      and status = 'in_progress'
      and (organization_id is null or public.is_org_member(organization_id))
    )
    or (select public.is_admin())
  );

create policy "Users update or complete own open assessments; admins any"
  on public.assessments for update to authenticated
  using ((user_id = (select auth.uid()) and status = 'in_progress') or (select public.is_admin()))
  with check (
    (
      user_id = (select auth.uid())
      and status in ('in_progress', 'completed')
      and (organization_id is null or public.is_org_member(organization_id))
    )
    or (select public.is_admin())
  );

create policy "Admins delete assessments"
  on public.assessments for delete to authenticated
  using ((select public.is_admin()));

-- assessment_answers
create policy "Users see answers of assessments they see; admins see all"
  on public.assessment_answers for select to authenticated
  using (
    exists (select 1 from public.assessments a where a.id = assessment_id)
    or (select public.is_admin())
  );

create policy "Users answer own open assessments; admins answer any"
  on public.assessment_answers for insert to authenticated
  with check (
    exists (
      select 1 from public.assessments a
       where a.id = assessment_id and a.user_id = (select auth.uid()) and a.status = 'in_progress'
    )
    or (select public.is_admin())
  );

create policy "Users change answers of own open assessments; admins any"
  on public.assessment_answers for update to authenticated
  using (
    exists (
      select 1 from public.assessments a
       where a.id = assessment_id and a.user_id = (select auth.uid()) and a.status = 'in_progress'
    )
    or (select public.is_admin())
  )
  with check (
    exists (
      select 1 from public.assessments a
       where a.id = assessment_id and a.user_id = (select auth.uid()) and a.status = 'in_progress'
    )
    or (select public.is_admin())
  );

create policy "Users delete answers of own open assessments; admins any"
  on public.assessment_answers for delete to authenticated
  using (
    exists (
      select 1 from public.assessments a
       where a.id = assessment_id and a.user_id = (select auth.uid()) and a.status = 'in_progress'
    )
    or (select public.is_admin())
  );

-- ====== rollback ======
-- drop function if exists public.get_org_adaptability_trend(uuid, integer);
-- drop table if exists public.assessment_answers;
-- drop function if exists public.recalculate_assessment_scores();
-- drop table if exists public.assessments;
