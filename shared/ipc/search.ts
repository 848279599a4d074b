// Search everywhere (migration 016) → console.search_everything: one box that finds payments, people, organisations,
// workshops and certificates from whatever staff paste. SQL normalises the text (spaces, control characters, a URL
// taken apart) and returns each kind only to a caller whose capabilities show it, so this schema only bounds what is
// sent and states what comes back.
import { z } from 'zod';
import type { Capability } from './capabilities.js';
import { id, shortText, type ArgsCovered, type Expect, type RowMatches } from './common.js';

/** The longest query SQL takes (22023 on `query` beyond it); the palette's input has the same limit. */
export const SEARCH_EVERYWHERE_MAX = 300;

/** In the order SQL returns them (and the palette shows them). */
export const searchKind = z.enum(['payment', 'person', 'organization', 'workshop', 'certificate']);
export type SearchKind = z.infer<typeof searchKind>;

export const searchHit = z.object({
  kind: searchKind,
  id,
  /** Invoice number (or transaction id), name (or email), organisation name, workshop title, CERT-… number. */
  title: z.string(),
  subtitle: z.string().nullable(),
  /** Payment, user or workshop status; plan tier; valid, revoked or expired. */
  status: z.string().nullable(),
  /** Which field matched: invoice_number, transaction_id, payer_email, email, name, slug, domain, title, certificate_number. */
  matched: z.string(),
  /** The whole query equals the matched value. */
  exact: z.boolean(),
});
type _SearchHit = Expect<RowMatches<typeof searchHit, 'search_everything'>>;
export type SearchHit = z.infer<typeof searchHit>;

export const searchChannels = {
  /** Up to `limit` rows per kind (default 5) and one more when more match; a blank query answers no rows. */
  'search:everything': {
    input: z.strictObject({ query: shortText(SEARCH_EVERYWHERE_MAX), limit: z.number().int().min(1).max(20).optional() }),
    output: z.object({ rows: z.array(searchHit) }),
  },
} as const;
type _SearchArgs = Expect<ArgsCovered<'query' | 'limit', 'search_everything'>>;

export type SearchChannel = keyof typeof searchChannels;

/** search.everything is every staff role's (016): SQL refuses only someone with no staff role. As for the platform
 * channels, the map is for the screens and tests; SQL is the one check. */
export const searchCapabilities = { 'search:everything': 'search.everything' } as const satisfies Record<SearchChannel, Capability>;

/** Which capabilities let SQL return a kind (any one of them), as search_everything checks them. The palette uses it
 * to say what this person can search for; it never filters rows itself. */
export const searchKindCapabilities: Record<SearchKind, readonly Capability[]> = {
  payment: ['payments.read'],
  person: ['users.manage'],
  organization: ['organizations.read', 'trends.read'],
  workshop: ['workshops.read'],
  certificate: ['certificates.read'],
};
