// The record of unfinished file work (electron/main/files/work-journal.ts) and the atomic write that uses it: a
// temporary export file is recorded before it exists and forgotten once renamed or removed, so what a killed app
// left is deleted at the next start — and only ever a `.partial` file of ours, never the file a person chose.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAtomic, writeAtomically } from '../../electron/main/files/csv-write.js';
import { createWorkJournal } from '../../electron/main/files/work-journal.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hg-journal-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the work journal', () => {
  it('deletes at the next start the temporary file of an export the app never finished', async () => {
    const journal = createWorkJournal(join(dir, 'a', 'journal'));
    const target = join(dir, 'report.csv');
    const file = await openAtomic(target, { journal });
    await file.write('"half a file"\r\n');
    // The app is killed here: nothing closes the file or forgets the record.
    expect(existsSync(`${target}.partial`)).toBe(true);

    const next = createWorkJournal(join(dir, 'a', 'journal'));
    expect(await next.sweep()).toEqual([`${target}.partial`]);
    expect(existsSync(`${target}.partial`)).toBe(false);
    expect(existsSync(target)).toBe(false);
    expect(await readdir(join(dir, 'a', 'journal'))).toEqual([]);
  });

  it('forgets a temporary file once the export is saved or cancelled, so a later start touches nothing', async () => {
    const journal = createWorkJournal(join(dir, 'b', 'journal'));
    const saved = join(dir, 'saved.csv');
    await writeAtomically(saved, (out) => out.write('"a","b"\r\n'), { journal });
    await expect(writeAtomically(join(dir, 'cancelled.csv'), () => Promise.reject(new Error('cancelled')), { journal })).rejects.toThrow(
      'cancelled',
    );
    expect(await readdir(join(dir, 'b', 'journal'))).toEqual([]);
    expect(await createWorkJournal(join(dir, 'b', 'journal')).sweep()).toEqual([]);
    expect(await readFile(saved, 'utf8')).toBe('"a","b"\r\n');
  });

  it.each([
    ['a file the person chose (not a .partial)', 'chosen.csv', false],
    ['a link named .partial', 'link.csv.partial', true],
  ])('never deletes %s, whatever a record says', async (_what, name, link) => {
    const journalDir = join(dir, `c-${name}`);
    const journal = createWorkJournal(journalDir);
    const precious = join(dir, `precious-${name}`);
    await writeFile(precious, 'keep me');
    const path = join(dir, name);
    if (link) await symlink(precious, path);
    else await writeFile(path, 'keep me too');
    await journal.tempFile(path); // a record pointing at it (damaged or forged)
    expect(await createWorkJournal(journalDir).sweep()).toEqual([]);
    expect(await readFile(path, 'utf8')).toBe(link ? 'keep me' : 'keep me too');
    expect(await readFile(precious, 'utf8')).toBe('keep me');
    expect(await readdir(journalDir)).toEqual([]); // the record itself is gone
  });

  it('ignores records that do not parse', async () => {
    const journalDir = join(dir, 'd');
    const journal = createWorkJournal(journalDir);
    await journal.tempFile(join(dir, 'x.csv.partial'));
    const [name] = await readdir(journalDir);
    await writeFile(join(journalDir, name!), '{"path": 4');
    await writeFile(join(journalDir, 'import-00000000-0000-4000-8000-000000000000.json'), '{}');
    expect(await journal.importOf('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(await createWorkJournal(journalDir).sweep()).toEqual([]);
  });
});
