// Search everywhere → console.search_everything. SQL normalises what was pasted and decides kind by kind what the
// caller may find; the rows come back in its order (by kind, best match first), one more per kind when more match.
import type { SearchKind, searchChannels } from '../../../shared/ipc/search.js';
import type { DomainHandlers } from '../ipc/handlers.js';
import type { Call } from './rpc.js';

export function searchHandlers(call: Call): DomainHandlers<typeof searchChannels> {
  return {
    'search:everything': async (input) => {
      const rows = (await call('search_everything', { p_query: input.query, p_limit: input.limit })) ?? [];
      // The generated type says `text` for kind; the router checks it against the contract's kinds on the way out.
      return { rows: rows.map((row) => ({ ...row, kind: row.kind as SearchKind })) };
    },
  };
}
