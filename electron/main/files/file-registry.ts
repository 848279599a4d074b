// Files the person picked, kept in main behind random ids for this run of the app: the renderer holds an id and
// a file name, never a path, so a compromised page cannot make main read a file nobody chose. Bounded: the oldest
// picks are forgotten first (the person picks the file again).
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { IpcFailure } from '../ipc/errors.js';
import { fileFailure } from './csv-write.js';

export interface PickedFile {
  readonly id: string;
  readonly path: string;
  /** Shown to the person and saved on the reconciliation run. */
  readonly name: string;
  /** What earlier previews learnt, so a run after a preview need not read the file twice. Bounded. */
  readonly scans: Map<string, unknown>;
}

export interface FileVersion {
  size: number;
  mtimeMs: number;
}

export interface FileRegistry {
  add(path: string): PickedFile;
  /** The file behind an id; not_found on `file_id` when it was never picked or has been forgotten. */
  get(id: string): PickedFile;
  /** Size and modification time now; a validation error naming the file when it can no longer be read. */
  version(file: Pick<PickedFile, 'path' | 'name'>): Promise<FileVersion>;
}

export function createFileRegistry(max = 20): FileRegistry {
  const files = new Map<string, PickedFile>();
  return {
    add(path) {
      const file: PickedFile = { id: randomUUID(), path, name: basename(path), scans: new Map() };
      files.set(file.id, file);
      while (files.size > max) files.delete(files.keys().next().value!);
      return file;
    },
    get(id) {
      const file = files.get(id);
      if (!file) {
        throw new IpcFailure('not_found', 'This file is no longer open in the console. Pick it again.', { field: 'file_id' });
      }
      return file;
    },
    async version(file) {
      try {
        const info = await stat(file.path);
        if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR', syscall: 'stat' });
        return { size: info.size, mtimeMs: info.mtimeMs };
      } catch (error) {
        throw fileFailure(error, file.name, 'read');
      }
    },
  };
}
