// The client document's "TypeScript Integration" examples (shared/seed/humanglue-schema.md), written against the
// generated types. Checked by `npm run typecheck` only: nothing here runs (the functions are never called, and the
// file is not a *.test.ts). The `@ts-expect-error` lines prove the types are real: were `Database` `any`, those
// lines would compile, the directives would be unused, and tsc would fail.
import { createClient } from '@supabase/supabase-js';
import type { Database, Tables, TablesInsert, TablesUpdate } from '../../shared/database.js';

/** Compile-time equality: `Expect<Equal<A, B>>` fails to compile unless A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

// ---- Supabase Client Setup ----

export function supabaseClient() {
  const supabase = createClient<Database>(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!);
  return supabase;
}

type Client = ReturnType<typeof supabaseClient>;

// ---- Type-Safe Queries ----

export async function getWorkshops(supabase: Client) {
  // Get workshops
  const { data: workshops } = await supabase
    .from('workshops')
    .select('*, instructor:users(full_name)')
    .eq('status', 'published')
    .eq('pillar', 'adaptability')
    .order('schedule_date', { ascending: true });

  const first = workshops?.[0];
  if (first) {
    const title: string = first.title;
    const seats: number = first.capacity_remaining;
    const tags: string[] = first.tags;
    const date: string | null = first.schedule_date;
    // instructor_id is a not-null FK to users: the embedded instructor is one object, not an array
    const instructor: string | null = first.instructor.full_name;
    // @ts-expect-error -- capacity_remaining is a number, not a string
    const wrong: string = first.capacity_remaining;
    // @ts-expect-error -- the embed selected only full_name
    void first.instructor.email;
    void [title, seats, tags, date, instructor, wrong];
  }
  type Row = NonNullable<typeof workshops>[number];
  type _row = Expect<Equal<Omit<Row, 'instructor'>, Tables<'workshops'>>>;

  await supabase
    .from('workshops')
    .select('*')
    // @ts-expect-error -- pillar is text: a number is not a valid filter value
    .eq('pillar', 42);

  // @ts-expect-error -- there is no table "workshop"
  await supabase.from('workshop').select('*');

  return workshops;
}

export async function getUserAssessments(supabase: Client, userId: string) {
  // Get user assessments
  const { data: assessments } = await supabase
    .from('assessments')
    .select('*')
    .eq('user_id', userId)
    .eq('status', 'completed')
    .order('completed_at', { ascending: false });

  type _rows = Expect<Equal<typeof assessments, Tables<'assessments'>[] | null>>;
  const overall: number | null | undefined = assessments?.[0]?.overall_score;
  void overall;

  // overall_score is generated always: the insert type must not accept it
  const insert: TablesInsert<'assessments'> = {
    user_id: userId,
    // @ts-expect-error -- overall_score is a generated column
    overall_score: 80,
  };
  const update: TablesUpdate<'assessments'> = { status: 'completed', completed_at: new Date().toISOString() };
  void [insert, update];

  return assessments;
}

export async function searchTalent(supabase: Client) {
  // Search talent
  const { data: talent } = await supabase.rpc('search_talent', {
    p_expertise: ['AI Adoption'],
    p_min_rating: 4.5,
    p_limit: 20,
  });
  const first = talent?.[0];
  if (first) {
    const name: string | null = first.full_name;
    const rating: number = first.rating;
    void [name, rating];
  }

  // @ts-expect-error -- p_expertise is required (p_min_rating and p_limit have defaults)
  await supabase.rpc('search_talent', { p_min_rating: 4.5 });

  // @ts-expect-error -- there is no function "search_talents"
  await supabase.rpc('search_talents', { p_expertise: ['AI Adoption'] });

  // @ts-expect-error -- p_expertise is text[], not a string
  await supabase.rpc('search_talent', { p_expertise: 'AI Adoption' });

  return talent;
}
