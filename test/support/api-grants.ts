// What the API exposes: the schemas supabase/config.toml lists under [api], and supabase/api-grants.allow, the
// reviewed list of direct privileges the API roles hold on the console's own tables.
// One entry a line, `<schema.relation> <anon|authenticated> <privilege>  # why`; everything else is refused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { supabaseDir } from './migrations.js';

export interface AllowedGrant {
  relation: string;
  role: string;
  privilege: string;
  reason: string;
}

export const ALLOW_LIST_FILE = join(supabaseDir, 'api-grants.allow');

export function readAllowList(): AllowedGrant[] {
  return readFileSync(ALLOW_LIST_FILE, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [entry = '', reason = ''] = line.split('#', 2);
      const [relation = '', role = '', privilege = ''] = entry.trim().split(/\s+/);
      return { relation, role, privilege: privilege.toUpperCase(), reason: reason.trim() };
    });
}

/** The schemas PostgREST serves, as `supabase/config.toml` lists them under `[api] schemas`. */
export function exposedSchemas(): string[] {
  const toml = readFileSync(join(supabaseDir, 'config.toml'), 'utf8');
  const api = /^\[api\]\s*$([\s\S]*?)(?=^\[)/m.exec(toml)?.[1] ?? '';
  const list = /^schemas\s*=\s*\[([^\]]*)\]/m.exec(api)?.[1];
  if (!list) throw new Error('config.toml has no [api] schemas');
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
}
