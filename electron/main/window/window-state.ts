// Remembers the window's size, position and maximised state between runs, and never restores it off-screen
// (a monitor unplugged since last time).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Partial<Rect> & { width: number; height: number };
  maximized: boolean;
}

export const DEFAULT_STATE: WindowState = { bounds: { width: 1280, height: 820 }, maximized: false };

const MIN = { width: 960, height: 600 };

function isRect(value: unknown): value is Rect {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((key) => Number.isFinite(r[key]));
}

/** A saved state made safe: sizes clamped to the minimum, and position dropped unless most of the window shows. */
export function restoreState(saved: unknown, displays: readonly Rect[]): WindowState {
  if (typeof saved !== 'object' || saved === null) return DEFAULT_STATE;
  const { bounds, maximized } = saved as { bounds?: unknown; maximized?: unknown };
  if (!isRect(bounds)) return DEFAULT_STATE;
  const width = Math.max(MIN.width, Math.round(bounds.width));
  const height = Math.max(MIN.height, Math.round(bounds.height));
  const rect = { x: Math.round(bounds.x), y: Math.round(bounds.y), width, height };
  const visible = displays.some((display) => overlap(rect, display) >= 0.5 * width * height);
  return { bounds: visible ? rect : { width, height }, maximized: maximized === true };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

export interface TrackableWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  on(event: 'resize' | 'move' | 'close', listener: () => void): void;
}

export function createWindowStateStore(options: { file: string; displays: () => readonly Rect[] }) {
  let timer: NodeJS.Timeout | undefined;

  async function save(window: TrackableWindow): Promise<void> {
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    await mkdir(dirname(options.file), { recursive: true });
    // Written whole then renamed, so a crash mid-write leaves the previous state rather than a torn file.
    await writeFile(`${options.file}.tmp`, JSON.stringify(state));
    await rename(`${options.file}.tmp`, options.file);
  }

  return {
    async load(): Promise<WindowState> {
      try {
        return restoreState(JSON.parse(await readFile(options.file, 'utf8')), options.displays());
      } catch {
        return DEFAULT_STATE;
      }
    },
    track(window: TrackableWindow): void {
      const later = () => {
        clearTimeout(timer);
        timer = setTimeout(() => void save(window).catch(() => undefined), 500);
      };
      window.on('resize', later);
      window.on('move', later);
      window.on('close', () => {
        clearTimeout(timer);
        void save(window).catch(() => undefined);
      });
    },
    save,
  };
}
