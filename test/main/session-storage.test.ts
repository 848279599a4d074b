// The session storage adapter: encrypted at rest, memory-only without a real key store, corrupt files discarded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSessionStorage } from '../../electron/main/session/secure-storage.js';
import { fakeBox } from './fake-box.js';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.secret-access-token.sig';
const REFRESH = 'refresh-token-abcdef123456';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hg-session-'));
  file = join(dir, 'userData', 'session.bin');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createSessionStorage', () => {
  it('persists only encrypted: the file never holds the tokens in plain text, and a new instance reads them back', async () => {
    const key = randomBytes(32);
    const storage = createSessionStorage({ box: fakeBox('keychain', key), file });
    expect(storage.persistence).toBe('keychain');
    expect(storage.backend).toBe('keychain');
    const value = JSON.stringify({ access_token: TOKEN, refresh_token: REFRESH });
    await storage.setItem('hg-console-auth', value);
    const bytes = await readFile(file);
    for (const needle of [TOKEN, REFRESH, 'access_token', 'secret-access-token', Buffer.from(TOKEN).toString('base64')]) {
      expect(bytes.includes(Buffer.from(needle))).toBe(false);
      expect(bytes.toString('latin1')).not.toContain(needle);
    }
    const again = createSessionStorage({ box: fakeBox('keychain', key), file });
    expect(await again.getItem('hg-console-auth')).toBe(value);
    expect(again.problem).toBeUndefined();
    await again.removeItem('hg-console-auth');
    expect(await again.getItem('hg-console-auth')).toBeNull();
    expect(await exists(file)).toBe(false);
  });

  it.each([
    ['basic_text', true],
    ['unknown', true],
    ['keychain', false],
  ])('keeps the session in memory only when the backend is %s (available: %s)', async (backend, available) => {
    const box = fakeBox(backend, randomBytes(32), available);
    // A file left by an earlier run must not linger either.
    await writeFile(join(dir, 'stale.bin'), 'x');
    const storage = createSessionStorage({ box, file: join(dir, 'stale.bin') });
    expect(storage.persistence).toBe('memory');
    await storage.setItem('k', TOKEN);
    expect(await storage.getItem('k')).toBe(TOKEN);
    expect(await exists(join(dir, 'stale.bin'))).toBe(false);
    const next = createSessionStorage({ box, file: join(dir, 'stale.bin') });
    expect(await next.getItem('k')).toBeNull();
    expect(storage.backend).toBe(available ? backend : 'unavailable');
  });

  it('discards a corrupt file and reports it instead of throwing', async () => {
    const box = fakeBox();
    const first = createSessionStorage({ box, file });
    await first.setItem('k', 'v');
    await writeFile(file, box.encrypt('{not json'));
    const storage = createSessionStorage({ box, file });
    expect(await storage.getItem('k')).toBeNull();
    expect(storage.problem).toMatchObject({ kind: 'corrupt' });
    expect(await exists(file)).toBe(false);
    await writeFile(file, box.encrypt(JSON.stringify({ format: 'something-else', values: { k: 'v' } })));
    const wrongShape = createSessionStorage({ box, file });
    expect(await wrongShape.getItem('k')).toBeNull();
    expect(wrongShape.problem?.kind).toBe('corrupt');
  });

  it('discards a file it cannot decrypt (another key, garbage bytes) and keeps working', async () => {
    await createSessionStorage({ box: fakeBox(), file }).setItem('k', 'v');
    const other = createSessionStorage({ box: fakeBox(), file });
    expect(await other.getItem('k')).toBeNull();
    expect(other.problem).toMatchObject({ kind: 'undecryptable' });
    expect(await exists(file)).toBe(false);
    await writeFile(file, randomBytes(7));
    const garbage = createSessionStorage({ box: fakeBox(), file });
    expect(await garbage.getItem('k')).toBeNull();
    await garbage.setItem('k', 'new');
    expect(await garbage.getItem('k')).toBe('new');
  });

  it('clear() forgets everything, in memory and on disk', async () => {
    const storage = createSessionStorage({ box: fakeBox(), file });
    await storage.setItem('a', '1');
    await storage.setItem('b', '2');
    await storage.clear();
    expect(await storage.getItem('a')).toBeNull();
    expect(await exists(file)).toBe(false);
  });

  it('reports a failed write but keeps the session for this run', async () => {
    const failing = {
      readFile: (path: string) => readFile(path),
      writeFile: () => Promise.reject(new Error('disk full')),
      rename: () => Promise.resolve(),
      rm: (path: string, options?: { force?: boolean }) => rm(path, options),
      mkdir: () => Promise.resolve(undefined),
    };
    const storage = createSessionStorage({ box: fakeBox(), file, fs: failing });
    await storage.setItem('k', 'v');
    expect(await storage.getItem('k')).toBe('v');
    expect(storage.problem).toMatchObject({ kind: 'write_failed', message: expect.stringContaining('disk full') });
  });
});
