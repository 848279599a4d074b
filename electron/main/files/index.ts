// The channels that read or write files (imports, exports), over the picked files and running operations of one
// app run. The app creates that state once (createConsoleApp) and passes it to every rebuild of the handlers, so a
// cancel still reaches an export started before a connection switch.
import { combine } from '../ipc/handlers.js';
import type { AuthService } from '../session/auth-service.js';
import { createCall, type CallOptions } from '../services/rpc.js';
import type { FileRegistry } from './file-registry.js';
import type { Operations } from './operations.js';
import type { WorkJournal } from './work-journal.js';
import { paymentFileHandlers } from './payments-files.js';
import type { FilePlatform } from './platform.js';
import { reconciliationFileHandlers } from './reconciliation-files.js';
import { trendFileHandlers } from './trends-files.js';

export interface FileHandlerOptions {
  files: FilePlatform;
  auth: AuthService;
  registry: FileRegistry;
  operations: Operations;
  /** How failed calls are tried again (tests shorten the waits). */
  callOptions?: CallOptions;
  journal?: WorkJournal;
  /** See FileDeps.parallelCalls. */
  parallelCalls?: number;
}

export function fileHandlers(options: FileHandlerOptions) {
  const deps = { ...options, call: createCall(options.auth, options.callOptions) };
  return combine(reconciliationFileHandlers(deps), paymentFileHandlers(deps), trendFileHandlers(deps));
}

export { createFileRegistry } from './file-registry.js';
export { createOperations } from './operations.js';
export { createWorkJournal, type WorkJournal } from './work-journal.js';
export type { EmitEvent, FileFilter, FilePlatform } from './platform.js';
