// Where the signed-in staff member's session lives between runs. supabase-js persists its session through an
// `auth.storage` adapter (getItem/setItem/removeItem); this one keeps the values in memory and mirrors them to ONE
// file under userData, encrypted as a whole by a SecretBox. Electron's safeStorage implements SecretBox (in the app
// wiring, not here), so this file runs and is tested under plain Node.
//
// Rules (docs/architecture.md, "Sessions and connections"):
// - Nothing is ever written in plain text. When the OS offers no real key store (safeStorage unavailable, or Linux
//   falling back to 'basic_text' — a hard-coded password, i.e. obfuscation, not encryption), the session stays in
//   memory only, `persistence` says 'memory', and the UI tells the user they will sign in again next start.
// - A file that cannot be read back (corrupt, encrypted under another OS user or a lost keychain entry) is deleted
//   and reported through `problem`, never thrown at the user: the worst case is signing in again.
import * as nodeFs from 'node:fs/promises';
import { dirname } from 'node:path';

/** Electron's safeStorage, reduced to what the console uses. */
export interface SecretBox {
  isEncryptionAvailable(): boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux ('basic_text', 'gnome_libsecret', 'kwallet5', …); e.g. 'keychain' or 'dpapi' elsewhere. */
  backend(): string;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

/** The file operations used (node:fs/promises satisfies it; tests may wrap it). */
export interface StorageFs {
  readFile(path: string): Promise<Buffer>;
  writeFile(path: string, data: Buffer, options?: { mode?: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options?: { force?: boolean }): Promise<void>;
  mkdir(path: string, options?: { recursive?: boolean; mode?: number }): Promise<unknown>;
}

export type Persistence = 'keychain' | 'memory';

export interface StorageProblem {
  kind: 'corrupt' | 'undecryptable' | 'unreadable' | 'write_failed';
  message: string;
}

export interface SessionStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
  /** Forgets every value, in memory and on disk (sign-out). */
  clear(): Promise<void>;
  /** 'keychain' when values are persisted encrypted; 'memory' when they die with the process. */
  readonly persistence: Persistence;
  /** The SecretBox backend name, for `auth:status` and diagnostics. */
  readonly backend: string;
  /** The last problem met reading or writing the file (a discarded file, a failed write), if any. */
  readonly problem: StorageProblem | undefined;
}

export interface SessionStorageOptions {
  box: SecretBox;
  /** Absolute path of the session file, under app.getPath('userData'). */
  file: string;
  fs?: StorageFs;
}

/** Backends that are not a real key store: encrypting with them would only look like protection. */
const WEAK_BACKENDS = new Set(['basic_text', 'unknown', '']);

/** A version tag inside the encrypted payload, so a future format change can be recognised instead of misread. */
const FORMAT = 'hg-session-v1';

export function hasRealKeyStore(box: SecretBox): boolean {
  try {
    return box.isEncryptionAvailable() && !WEAK_BACKENDS.has(box.backend());
  } catch {
    return false;
  }
}

export function createSessionStorage(options: SessionStorageOptions): SessionStorage {
  const { box, file } = options;
  const fs: StorageFs = options.fs ?? nodeFs;
  const persistent = hasRealKeyStore(box);
  let backendName = 'unavailable';
  try {
    backendName = box.isEncryptionAvailable() ? box.backend() : 'unavailable';
  } catch {
    // keep 'unavailable'
  }
  const values = new Map<string, string>();
  let problem: StorageProblem | undefined;
  let loaded: Promise<void> | undefined;
  // Writes are chained so two quick setItem calls never interleave their rename and leave the older one on disk.
  let writing: Promise<void> = Promise.resolve();

  async function discard(kind: StorageProblem['kind'], message: string): Promise<void> {
    problem = { kind, message };
    await fs.rm(file, { force: true }).catch(() => undefined);
  }

  async function loadOnce(): Promise<void> {
    if (!persistent) {
      // A file left from a run that had a key store (or written by an older build) must not linger unreadable.
      await fs.rm(file, { force: true }).catch(() => undefined);
      return;
    }
    let data: Buffer;
    try {
      data = await fs.readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      problem = { kind: 'unreadable', message: `the saved session could not be read: ${(error as Error).message}` };
      return;
    }
    let plain: string;
    try {
      plain = box.decrypt(data);
    } catch {
      await discard('undecryptable', 'the saved session could not be decrypted (keychain changed?) and was discarded');
      return;
    }
    try {
      const parsed = JSON.parse(plain) as { format?: unknown; values?: unknown };
      if (parsed.format !== FORMAT || typeof parsed.values !== 'object' || parsed.values === null) throw new Error('bad shape');
      for (const [key, value] of Object.entries(parsed.values as Record<string, unknown>)) {
        if (typeof value === 'string') values.set(key, value);
      }
    } catch {
      await discard('corrupt', 'the saved session file was corrupt and was discarded');
    }
  }

  const ready = () => (loaded ??= loadOnce());

  async function writeNow(): Promise<void> {
    if (!persistent) return;
    try {
      if (values.size === 0) {
        await fs.rm(file, { force: true });
        return;
      }
      const sealed = box.encrypt(JSON.stringify({ format: FORMAT, values: Object.fromEntries(values) }));
      await fs.mkdir(dirname(file), { recursive: true, mode: 0o700 });
      // Write then rename: a crash mid-write leaves the old file or the new one, never half of one.
      const temp = `${file}.${process.pid}.tmp`;
      await fs.writeFile(temp, sealed, { mode: 0o600 });
      await fs.rename(temp, file);
    } catch (error) {
      // The session still works for this run; the next start will simply ask to sign in.
      problem = { kind: 'write_failed', message: `the session could not be saved: ${(error as Error).message}` };
    }
  }

  const persist = () => (writing = writing.then(writeNow));

  return {
    async getItem(key) {
      await ready();
      return values.get(key) ?? null;
    },
    async setItem(key, value) {
      await ready();
      values.set(key, value);
      await persist();
    },
    async removeItem(key) {
      await ready();
      if (!values.delete(key)) return;
      await persist();
    },
    async clear() {
      await ready();
      values.clear();
      await persist();
      await fs.rm(file, { force: true }).catch(() => undefined);
    },
    get persistence(): Persistence {
      return persistent ? 'keychain' : 'memory';
    },
    get backend() {
      return backendName;
    },
    get problem() {
      return problem;
    },
  };
}
