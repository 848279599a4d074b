// Users and access channels → console.list_users, count_users, grant_role, revoke_role, set_user_status.
// Last-admin and self-demotion rules are SQL's: refusals arrive as conflicts with SQL's own sentence.
import type { ChannelOutput, ParsedInput } from '../../../shared/ipc/contract.js';
import type { DomainChannel } from '../ipc/handlers.js';
import type { Handlers } from '../ipc/router.js';
import { count, one, pagingArgs, toPage, type Call, type FnArgs } from './rpc.js';

type UserRow = ChannelOutput<'users:list'>['rows'][number];

function filterArgs(f: ParsedInput<'users:count'>['filters']): FnArgs<'count_users'> {
  return { p_search: f.search, p_role: f.role, p_status: f.status };
}

export function userHandlers(call: Call): Pick<Handlers, DomainChannel<'users'>> {
  return {
    'users:list': async (input) => {
      const page = toPage(
        await call('list_users', { ...filterArgs(input.filters), p_sort: input.sort, ...pagingArgs(input) }),
        input.limit,
      );
      // `roles` is a jsonb array built by SQL to the contract's shape (checked by the router on the way out).
      return { ...page, rows: page.rows.map((row) => ({ ...row, roles: row.roles as UserRow['roles'] })) };
    },

    'users:count': async (input) => count(await call('count_users', filterArgs(input.filters))),

    'users:grant-role': async (input) =>
      one(
        await call('grant_role', {
          p_user_id: input.user_id,
          p_role: input.role,
          // null and omitted mean the same here (a platform-wide, permanent role); SQL's defaults are null.
          p_organization_id: input.organization_id ?? undefined,
          p_expires_at: input.expires_at ?? undefined,
          p_reason: input.reason,
        }),
        'The user',
      ),

    'users:revoke-role': async (input) => {
      await call('revoke_role', { p_role_id: input.role_id, p_reason: input.reason });
      return null;
    },

    'users:factors': async (input) => ({ rows: (await call('user_factors', { p_user_id: input.user_id })) ?? [] }),

    'users:set-status': async (input) =>
      one(await call('set_user_status', { p_user_id: input.user_id, p_status: input.status, p_reason: input.reason }), 'The user'),
  };
}
