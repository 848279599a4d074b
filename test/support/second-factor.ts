// For service tests whose subject is not the second factor: raises a signed-in client's session to aal2 the way a
// verified TOTP code does in GoTrue (an amr claim `totp` on the session, the session's aal), then refreshes so the
// next token says aal2. The factor flow itself is tested in test/gateway (the routes) and test/main/mfa.test.ts.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { SqlExecutor } from '../../electron/main/local-backend/sql-executor.js';
import { decodeJwtUnverified } from '../../electron/main/local-backend/jwt.js';

export async function raiseToAal2(executor: SqlExecutor, client: Pick<SupabaseClient, 'auth'>): Promise<void> {
  const { data } = await client.auth.getSession();
  const token = data.session?.access_token;
  if (!token) throw new Error('raiseToAal2: not signed in');
  const sessionId = decodeJwtUnverified(token).session_id as string;
  await executor.transaction(async (tx) => {
    await tx.query(
      `insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
       values (gen_random_uuid(), $1::uuid, now(), now(), 'totp') on conflict do nothing`,
      [sessionId],
    );
    await tx.query(`update auth.sessions set aal = 'aal2' where id = $1::uuid`, [sessionId]);
  });
  const { error } = await client.auth.refreshSession();
  if (error) throw error;
}
