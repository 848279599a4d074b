// Query keys and calls of the saved views. Every key starts with [VIEWS_KEY, screen], so each change refreshes that
// screen's list (names, sharing, who has it as default) and nothing else.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelInput } from '../../../../shared/ipc/contract';
import type { SavedView, StaffRole, ViewScreen } from '../../../../shared/ipc/views';
import { call, errorMessage } from '../../api/client';

export const VIEWS_KEY = 'views';

export const viewListQuery = (screen: ViewScreen) =>
  queryOptions({ queryKey: [VIEWS_KEY, screen], queryFn: () => call('views:list', { screen }) });

export function useViewList(screen: ViewScreen, enabled: boolean) {
  return useQuery({ ...viewListQuery(screen), enabled });
}

/** Whom this person may share the screen's views with, as SQL decides it (view_share_roles). */
export function useShareRoles(screen: ViewScreen) {
  return useQuery({
    queryKey: [VIEWS_KEY, screen, 'share-roles'],
    queryFn: async () => (await call('views:share-roles', { screen })).roles,
  });
}

/** One mutation per channel, each refreshing the screen's views once it is done, whatever the answer (a refusal
 * such as "changed meanwhile" means the list shown is out of date too). */
export function useViewMutations(screen: ViewScreen) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: [VIEWS_KEY, screen] });
  return {
    create: useMutation({
      // The view exists once created: a default refused after that is reported, not thrown, so that saving again
      // does not meet its own name.
      mutationFn: async (input: ChannelInput<'views:create'> & { make_default: boolean }) => {
        const { make_default, ...fields } = input;
        const created = await call('views:create', fields);
        let defaultRefused: string | null = null;
        if (make_default) {
          await call('views:set-default', { screen, view_id: created.id }).catch((error: unknown) => {
            defaultRefused = errorMessage(error);
          });
        }
        return { ...created, defaultRefused };
      },
      onSettled: refresh,
    }),
    update: useMutation({ mutationFn: (input: ChannelInput<'views:update'>) => call('views:update', input), onSettled: refresh }),
    remove: useMutation({ mutationFn: (viewId: string) => call('views:delete', { view_id: viewId }), onSettled: refresh }),
    setDefault: useMutation({
      mutationFn: (viewId: string | null) => call('views:set-default', { screen, view_id: viewId }),
      onSettled: refresh,
    }),
  };
}

export const ROLE_LABEL: Record<StaffRole, string> = {
  admin: 'Admins',
  moderator: 'Moderators',
  finance: 'Finance',
  leadership: 'Leadership',
  support: 'Support',
};

/** "Shared with Finance · Fin Ance", "Private": how a view's audience reads in the menu (others' views by owner). */
export function audience(view: Pick<SavedView, 'shared_with_role' | 'is_mine' | 'owner_name'>): string {
  const role = view.shared_with_role;
  const shared = role ? `Shared with ${ROLE_LABEL[role as StaffRole] ?? role}` : 'Private';
  return view.is_mine ? shared : `${shared} · ${view.owner_name ?? 'another staff member'}`;
}
