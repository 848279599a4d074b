// Audit log channels → console.list_audit, count_audit. Which entries a caller sees (all for admins, own for other
// staff) is decided by RLS, so the same call serves both.
import type { ChannelOutput, ParsedInput } from '../../../shared/ipc/contract.js';
import type { DomainChannel } from '../ipc/handlers.js';
import type { Handlers } from '../ipc/router.js';
import { count, pagingArgs, toPage, type Call, type FnArgs } from './rpc.js';

type AuditRow = ChannelOutput<'audit:list'>['rows'][number];

function filterArgs(f: ParsedInput<'audit:count'>['filters']): FnArgs<'count_audit'> {
  return {
    p_actor_id: f.actor_id,
    p_action: f.action,
    p_entity: f.entity,
    p_entity_id: f.entity_id,
    p_from: f.from,
    p_to: f.to,
  };
}

export function auditHandlers(call: Call): Pick<Handlers, DomainChannel<'audit'>> {
  return {
    'audit:list': async (input) => {
      const page = toPage(await call('list_audit', { ...filterArgs(input.filters), ...pagingArgs(input) }), input.limit);
      // before/after are free-form jsonb snapshots; the contract types them as JSON too, only nullability differs.
      return {
        ...page,
        rows: page.rows.map((row) => ({ ...row, before: row.before as AuditRow['before'], after: row.after as AuditRow['after'] })),
      };
    },

    'audit:count': async (input) => count(await call('count_audit', filterArgs(input.filters))),
  };
}
