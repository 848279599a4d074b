// What imports and exports need from the desktop: file dialogs, a picture of part of the window, and a way to tell
// the renderer how long work is going. Electron provides it in the app (dialog, webContents.capturePage,
// webContents.send); the end-to-end suite provides files of its own. The renderer never sends a path: main asks
// the person, keeps the answer, and hands back an id or a file name.
import type { EventName, EventPayload } from '../../../shared/ipc/result.js';

export type EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

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
