// What the file channels share: the desktop (dialogs, capture), the signed-in person, the console API, and the
// per-app-run registry of picked files and running operations.
import type { FilePlatform } from './platform.js';
import type { Call } from '../services/rpc.js';
import type { AuthService } from '../session/auth-service.js';
import type { FileRegistry } from './file-registry.js';
import type { Operations } from './operations.js';
import type { WorkJournal } from './work-journal.js';

export interface FileDeps {
  files: FilePlatform;
  auth: Pick<AuthService, 'status'>;
  call: Call;
  registry: FileRegistry;
  operations: Operations;
  /** Where unfinished file work is recorded for the next start (work-journal.ts); absent in some tests. */
  journal?: WorkJournal;
  /** Calls of one operation the backend runs side by side: a project's database several; the local backend's PGlite
   * one connection, so more would only queue there and keep main's event loop busy longer. Unset: as many as useful. */
  parallelCalls?: number;
}

export const CSV_FILTERS = [{ name: 'CSV files', extensions: ['csv'] }];

/** Rows per page when an export walks a console list (the functions' maximum page size). */
export const EXPORT_PAGE = 200;
