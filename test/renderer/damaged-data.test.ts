// The start error of a damaged local database is told apart from "cannot reach the backend": only it gets the
// "Rebuild the demo data" action (renderer/src/app/DamagedData.tsx), which throws the demo data away.
import { describe, expect, it } from 'vitest';
import { HgError } from '../../renderer/src/api/client';
import { isDamagedData } from '../../renderer/src/app/DamagedData';

describe('a damaged local database', () => {
  it('is recognised by the reason main gives, and by nothing else', () => {
    const damaged = new HgError({
      code: 'unavailable',
      message: "The console's local demo database is damaged and cannot be opened (Aborted()).",
      details: { reason: 'local_database_damaged' },
    });
    expect(isDamagedData(damaged)).toBe(true);
    expect(isDamagedData(new HgError({ code: 'unavailable', message: 'Cannot reach abcd.supabase.co.' }))).toBe(false);
    expect(isDamagedData(new HgError({ code: 'unavailable', message: 'x', details: { reason: 'unreachable' } }))).toBe(false);
    expect(isDamagedData(new Error('local_database_damaged'))).toBe(false);
    expect(isDamagedData(undefined)).toBe(false);
  });
});
