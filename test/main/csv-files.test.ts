// Reading and writing CSV files without a database: records keep their line numbers across blank lines, quoted
// line breaks and chunk boundaries; written cells are escaped (quotes, separators, formula injection) and files
// appear under their final name only once complete.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guessDelimiter, readCsv, sniffCsv, type CsvRecord } from '../../electron/main/files/csv-read.js';
import { csvCell, csvLine, decimal, openAtomic, writeAtomically } from '../../electron/main/files/csv-write.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hg-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function readAll(path: string, options: { highWaterMark?: number; batchSize?: number } = {}): Promise<CsvRecord[]> {
  const shape = await sniffCsv(path, 'test.csv');
  const out: CsvRecord[] = [];
  for await (const batch of readCsv(path, { ...shape, ...options })) out.push(...batch);
  return out;
}

describe('readCsv', () => {
  it('numbers records as a spreadsheet does: header 1, blank lines counted, a quoted line break inside one row', async () => {
    const path = await fileWith('lines.csv', '\uFEFFa,b\r\n1,2\r\n\r\n"x\r\ny",3\r\n4,"five, six"\r\n');
    expect(await readAll(path)).toEqual([
      { line: 1, cells: ['a', 'b'], problem: null },
      { line: 2, cells: ['1', '2'], problem: null },
      { line: 4, cells: ['x\r\ny', '3'], problem: null },
      { line: 5, cells: ['4', 'five, six'], problem: null },
    ]);
  });

  it('reports an unclosed quote on the row where it starts instead of silently swallowing the rest', async () => {
    const path = await fileWith('quote.csv', 'a,b\n1,2\n3,"oops\n5,6\n');
    const records = await readAll(path);
    expect(records.at(-1)).toMatchObject({ line: 3, problem: expect.stringContaining('not closed') });
  });

  it('gives the same records whatever the read size (values crossing chunk boundaries)', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [`id_${i}`, `multi\nline "${i}"`, 'é€😀', String(i)]);
    const text = Papa.unparse([['id', 'note', 'text', 'n'], ...rows]);
    const path = await fileWith('chunks.csv', text);
    const small = await readAll(path, { highWaterMark: 97, batchSize: 7 });
    const large = await readAll(path);
    expect(small).toEqual(large);
    expect(small).toHaveLength(3001);
    expect(small[2999]).toEqual({ line: 3000, cells: rows[2998], problem: null });
  });

  it('picks the delimiter from the header line and refuses files that are not UTF-8 text', async () => {
    expect(guessDelimiter('a;b;"c,d"\n1;2;3')).toBe(';');
    expect(guessDelimiter('a\tb\n')).toBe('\t');
    expect(guessDelimiter('single\n')).toBe(',');
    await expect(sniffCsv(await fileWith('empty.csv', ''), 'empty.csv')).rejects.toMatchObject({
      code: 'validation',
      message: 'empty.csv is empty.',
    });
    await expect(sniffCsv(await fileWith('utf16.csv', Buffer.from('\uFEFFa,b', 'utf16le')), 'utf16.csv')).rejects.toMatchObject({
      message: expect.stringContaining('UTF-16'),
    });
    await expect(sniffCsv(await fileWith('bin.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00])), 'bin.csv')).rejects.toMatchObject({
      message: expect.stringContaining('is not a UTF-8 text file'),
    });
    // Bytes with no NUL that are still not UTF-8: random bytes, and a Windows-1252 export ("Café" as 0xE9).
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => ((i * 7919 + 13) % 255) + 1));
    await expect(sniffCsv(await fileWith('random.csv', random), 'random.csv')).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('random.csv is not a UTF-8 text file'),
    });
    const latin1 = Buffer.from('id,amount,description\nch_1,10.00,Caf\xe9\n', 'latin1');
    await expect(sniffCsv(await fileWith('latin1.csv', latin1), 'latin1.csv')).rejects.toMatchObject({ code: 'validation' });
    // A multi-byte character cut by the sniff's fixed length is still text.
    const cut = Buffer.concat([Buffer.from('ab,c\n'), Buffer.from('é'.repeat(40_000))]); // 5 + 2n bytes: cut at 64 KiB
    await expect(sniffCsv(await fileWith('cut.csv', cut), 'cut.csv')).resolves.toEqual({ delimiter: ',' });
  });

  it('marks a row with bytes that are not UTF-8 past the sniffed start, instead of importing mangled text', async () => {
    const body = Buffer.concat([Buffer.from(`a,b\n${'x,1\n'.repeat(20_000)}`), Buffer.from([0x79, 0x2c, 0xe9, 0x0a])]);
    const path = await fileWith('late.csv', body);
    const records = [];
    for await (const batch of readCsv(path, await sniffCsv(path, 'late.csv'))) records.push(...batch);
    expect(records.at(-1)).toMatchObject({ line: 20_002, problem: expect.stringContaining('not UTF-8') });
    expect(records.filter((r) => r.problem)).toHaveLength(1);
  });

  it('closes the file when the reader stops early', async () => {
    const path = await fileWith('early.csv', `a\n${'1\n'.repeat(50_000)}`);
    const shape = await sniffCsv(path, 'early.csv');
    for await (const batch of readCsv(path, { ...shape, batchSize: 10 })) {
      expect(batch).toHaveLength(10);
      break;
    }
    await rm(path); // would fail on Windows with the file still open; on POSIX at least nothing hangs
  });
});

describe('csvCell: escaping and formula injection (OWASP)', () => {
  it.each([
    ['plain', '"plain"'],
    ['a "quoted" word', '"a ""quoted"" word"'],
    ['comma, inside', '"comma, inside"'],
    ['line\nbreak', '"line\nbreak"'],
    ['=HYPERLINK("http://evil.example","click")', '"\'=HYPERLINK(""http://evil.example"",""click"")"'],
    ['+SUM(A1:A2)', '"\'+SUM(A1:A2)"'],
    ['-2+3', '"\'-2+3"'],
    ['@cmd', '"\'@cmd"'],
    ['\tTAB', '"\'\tTAB"'],
    ['\r=1', '"\'\r=1"'],
    ['＝1+1', '"\'＝1+1"'],
    ['a=1', '"a=1"'],
    ['', '""'],
  ])('%j → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes our own numbers as numbers, unguarded, and nothing for missing values', () => {
    expect(csvLine([decimal(-49, 2), decimal(1990, 2), 3, null, undefined, true, decimal(Number.NaN, 2)])).toBe(
      '-49.00,1990.00,3,,,true,\r\n',
    );
    expect(csvCell({ csvNumber: '=1+1' })).toBe('');
  });

  it('round-trips through a CSV parser with every cell intact (apart from the guard quote)', () => {
    const hostile = ['=1', 'x,"y"\n', '@', '  spaced  ', 'Zoë'];
    const parsed = Papa.parse<string[]>(csvLine(hostile), { header: false }).data[0];
    expect(parsed).toEqual(["'=1", 'x,"y"\n', "'@", '  spaced  ', 'Zoë']);
  });
});

describe('atomic files', () => {
  it('appear under their name only when complete; an aborted write leaves nothing', async () => {
    const target = join(dir, 'out.csv');
    await writeAtomically(target, async (file) => {
      await file.write('a,b\r\n');
      expect(await readdir(dir)).toContain('out.csv.partial');
      expect(await readdir(dir)).not.toContain('out.csv');
    });
    expect(await readFile(target, 'utf8')).toBe('a,b\r\n');

    const failed = join(dir, 'failed.csv');
    await expect(
      writeAtomically(failed, async (file) => {
        await file.write('half');
        throw new Error('stopped');
      }),
    ).rejects.toThrow('stopped');
    expect((await readdir(dir)).filter((name) => name.startsWith('failed'))).toEqual([]);
  });

  it('refuses a second export to the same file while the first is writing, and names an unwritable place', async () => {
    const target = join(dir, 'busy.csv');
    const first = await openAtomic(target);
    await expect(openAtomic(target)).rejects.toMatchObject({ code: 'conflict' });
    await first.abort();
    await expect(openAtomic(join(dir, 'missing-folder', 'x.csv'))).rejects.toMatchObject({
      code: 'validation',
      message: 'Could not write x.csv: the folder is no longer there. Choose another place or name and export again.',
    });
  });
});
