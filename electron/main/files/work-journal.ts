// What file work leaves behind when the app dies mid-way (killed, crashed, power cut), kept in the app's data folder
// so the next start can finish or undo it:
//   temp-<uuid>.json    an export's temporary `<file>.partial`, written BEFORE that file is created and removed once
//                       it is renamed into place or deleted: whatever is still listed at the next start is a
//                       half-written export, and `sweep` deletes it (never the file the person chose).
//   import-<run>.json   a reconciliation import: the file and the choices it was started with, so an interrupted run
//                       can be resumed from its staged rows with the same file (reconciliation-resume.ts).
// Each record is written to a temporary name and renamed, so a kill never leaves half a record; a record that does
// not parse is ignored (and removed by sweep).
import { randomUUID } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { columnMapping, kinds, processor } from '../../../shared/ipc/reconciliation.js';

export const importRecord = z.object({
  run_id: z.string().uuid(),
  user_id: z.string().nullable(),
  path: z.string().min(1),
  name: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  provider: processor,
  mapping: columnMapping,
  kinds,
  accept_bad_rows: z.boolean().optional(),
  /** The scan the import was checked against: a resumed import must read the same file. */
  summary: z.object({
    headers: z.array(z.string()),
    row_count: z.number().int(),
    bad_row_count: z.number().int(),
    kinds: z.object({ payment: z.number().int(), refund: z.number().int() }),
  }),
  expected_bad: z.number().int(),
  /** Rows the import stages when it completes (readable rows of the chosen kinds). */
  expected_rows: z.number().int(),
});
export type ImportRecord = z.infer<typeof importRecord>;

export interface WorkJournal {
  /** Records a temporary file before it is created; the returned function forgets it once renamed or removed. */
  tempFile(path: string): Promise<() => Promise<void>>;
  saveImport(record: ImportRecord): Promise<void>;
  forgetImport(runId: string): Promise<void>;
  importOf(runId: string): Promise<ImportRecord | undefined>;
  /** Deletes the temporary files a previous run of the app left behind; returns their paths. */
  sweep(): Promise<string[]>;
}

const TEMP_SUFFIX = '.partial';

export function createWorkJournal(dir: string): WorkJournal {
  let made: Promise<unknown> | undefined;
  const ready = () => (made ??= mkdir(dir, { recursive: true, mode: 0o700 }));

  async function put(name: string, value: unknown): Promise<void> {
    await ready();
    const temp = join(dir, `.${name}.${randomUUID()}.tmp`);
    await writeFile(temp, JSON.stringify(value), { mode: 0o600 });
    await rename(temp, join(dir, name));
  }

  async function read(name: string): Promise<unknown> {
    try {
      return JSON.parse(await readFile(join(dir, name), 'utf8'));
    } catch {
      return undefined;
    }
  }

  const importName = (runId: string) => `import-${runId.replace(/[^0-9a-f-]/gi, '')}.json`;

  return {
    async tempFile(path) {
      const name = `temp-${randomUUID()}.json`;
      await put(name, { path });
      return () => rm(join(dir, name), { force: true });
    },
    async saveImport(record) {
      await put(importName(record.run_id), record);
    },
    async forgetImport(runId) {
      await rm(join(dir, importName(runId)), { force: true });
    },
    async importOf(runId) {
      const parsed = importRecord.safeParse(await read(importName(runId)));
      return parsed.success ? parsed.data : undefined;
    },
    async sweep() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return [];
      }
      const removed: string[] = [];
      for (const name of names) {
        if (name.startsWith('.') && name.endsWith('.tmp')) {
          await rm(join(dir, name), { force: true });
          continue;
        }
        if (!name.startsWith('temp-')) continue;
        const record = (await read(name)) as { path?: unknown } | undefined;
        const path = typeof record?.path === 'string' ? record.path : undefined;
        // Only ever a file of ours: named `.partial`, a plain file (not a link someone put there).
        if (path?.endsWith(TEMP_SUFFIX)) {
          const info = await lstat(path).catch(() => undefined);
          if (info?.isFile()) {
            await rm(path, { force: true });
            removed.push(path);
          }
        }
        await rm(join(dir, name), { force: true });
      }
      return removed;
    },
  };
}
