// What a staff member may do in the console. SQL decides (console_private.role_capabilities, migration 006, is the
// one role → capability mapping and every console function checks it); this enum names the same capabilities so
// that the navigation, main's pre-dialog checks and the screens are type-checked. A test compares it with SQL's.
import { z } from 'zod';

export const capability = z.enum([
  'assessments.read',
  'audit.read_all',
  'audit.read_own',
  'certificates.read',
  'certificates.revoke',
  'engagements.manage',
  'engagements.read',
  'organizations.manage',
  'organizations.read',
  'payments.read',
  'payments.refund',
  'reconciliation.run',
  'refunds.approve',
  'reviews.moderate',
  'reviews.read',
  'reviews.respond',
  'search.everything',
  'settings.manage',
  'talent.read',
  'testimonials.verify',
  'trends.read',
  'users.manage',
  'views.save',
  'workshops.manage',
  'workshops.read',
]);

export type Capability = z.infer<typeof capability>;

/** The capabilities this version of the console knows, in SQL's order; one it does not know grants nothing here. */
export function knownCapabilities(values: readonly string[]): Capability[] {
  return values.flatMap((value) => {
    const parsed = capability.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
}
