// The HumanGlue database types, generated from supabase/migrations by `npm run db:types` (Supabase's generator).
// Everything outside supabase/ imports them from here. Types only: nothing from electron, react or Node.
export type { CompositeTypes, Database, Enums, Json, Tables, TablesInsert, TablesUpdate } from '../supabase/types/database.types.js';
