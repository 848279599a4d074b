// What imports and exports need from the desktop: file dialogs and a picture of part of the window. Electron
// provides it in the app (dialog, webContents.capturePage); the end-to-end suite provides files of its own. The
// renderer never sends a path: main asks the person, keeps the answer, and hands back an id or a file name.
import { combine } from '../ipc/handlers.js';
import type { AuthService } from '../session/auth-service.js';
import { createCall } from '../services/rpc.js';
import { createFileRegistry, type FileRegistry } from '../files/file-registry.js';
import { createOperations, type Operations } from '../files/operations.js';
import { paymentFileHandlers } from '../files/payments-files.js';
import { reconciliationFileHandlers } from '../files/reconciliation-files.js';
import { trendFileHandlers } from '../files/trends-files.js';
import type { EmitEvent } from './console-app.js';

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface FilePlatform {
  /** An absolute path the person chose to read, or null when they cancelled. */
  chooseOpenFile(options: { title: string; filters: FileFilter[] }): Promise<string | null>;
  /** An absolute path the person chose to write, or null when they cancelled. */
  chooseSaveFile(options: { title: string; defaultName: string; filters: FileFilter[] }): Promise<string | null>;
  /** A PNG of the given rectangle of the app's window, in CSS pixels. */
  capturePng(rect: { x: number; y: number; width: number; height: number }): Promise<Buffer>;
}

export interface ExtraHandlerOptions {
  files: FilePlatform;
  auth: AuthService;
  emit: EmitEvent;
}

interface FileState {
  registry: FileRegistry;
  operations: Operations;
}

// The handlers are rebuilt when the connection changes; picked files and running operations belong to the app's
// run (its FilePlatform), so that a cancel still reaches an export started before the switch.
const states = new WeakMap<FilePlatform, FileState>();

/** The picked files and running operations of one app (tests wait on `operations.idle()`). */
export function fileState(files: FilePlatform, emit: EmitEvent): FileState {
  let state = states.get(files);
  if (!state) {
    state = { registry: createFileRegistry(), operations: createOperations({ emit }) };
    states.set(files, state);
  }
  return state;
}

/** The channels that read or write files (imports, exports). */
export function extraHandlers(options: ExtraHandlerOptions) {
  const deps = { files: options.files, auth: options.auth, call: createCall(options.auth), ...fileState(options.files, options.emit) };
  return combine(reconciliationFileHandlers(deps), paymentFileHandlers(deps), trendFileHandlers(deps));
}
