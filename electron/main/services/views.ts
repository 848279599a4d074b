// Saved views (migration 016) → console.list_saved_views, create_saved_view, update_saved_view, delete_saved_view,
// set_default_view. Who sees, shares and changes a view, name clashes and the state's size are SQL's rules; these
// handlers only map names.
import type { ChannelOutput } from '../../../shared/ipc/contract.js';
import type { StaffRole, viewChannels } from '../../../shared/ipc/views.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import { one, type Call } from './rpc.js';

type ViewRow = ChannelOutput<'views:list'>['rows'][number];

export function viewHandlers(call: Call): DomainHandlers<typeof viewChannels> {
  return {
    // `state` is jsonb kept as the screen wrote it (typed JSON by both sides, only nullability differs); the role is
    // one of the five a check constraint allows. The router checks both on the way out.
    'views:list': async (input) => ({
      rows: ((await call('list_saved_views', { p_screen: input.screen })) ?? []).map((row) => ({
        ...row,
        state: row.state as ViewRow['state'],
        shared_with_role: row.shared_with_role as ViewRow['shared_with_role'],
      })),
    }),

    'views:share-roles': async (input) => ({
      // one of the five staff roles (a constant in SQL); the router checks it on the way out.
      roles: ((await call('view_share_roles', { p_screen: input.screen })) ?? []) as StaffRole[],
    }),

    'views:create': async (input) =>
      one(
        await call('create_saved_view', {
          p_screen: input.screen,
          p_name: input.name,
          p_state: input.state,
          p_shared_with_role: input.shared_with_role ?? undefined,
        }),
        'The view',
      ),

    'views:update': async (input) =>
      one(
        await call('update_saved_view', {
          p_view_id: input.view_id,
          p_name: input.name,
          p_state: input.state,
          // null is "private" in SQL; the generator types an argument without a default as non-null.
          p_shared_with_role: input.shared_with_role as string,
          p_expected_updated_at: input.expected_updated_at,
        }),
        'The view',
      ),

    'views:delete': async (input) => {
      await call('delete_saved_view', { p_view_id: input.view_id });
      return null;
    },

    // Left out, SQL's default (null) clears the default view.
    'views:set-default': async (input) => {
      await call('set_default_view', { p_screen: input.screen, p_view_id: input.view_id ?? undefined });
      return null;
    },
  };
}
