// Trend exports. CSV runs as an operation in main (a save dialog, then the file written with progress events);
// PNG is a capture of the chart's rectangle of the window. Either may be cancelled at the dialog: null, no error.
import type { ChannelInput, EventPayload } from '../../../../shared/ipc/contract';
import { call, HgError, subscribe } from '../../api/client';

type Progress = EventPayload<'progress'>;

export async function exportCsv(input: ChannelInput<'trends:export-csv'>): Promise<string | null> {
  // Listen before asking: the operation's events may follow its id at once.
  const seen: Progress[] = [];
  let wake: (() => void) | null = null;
  const off = subscribe('progress', (event) => {
    seen.push(event);
    wake?.();
  });
  try {
    const { operation_id: id } = await call('trends:export-csv', input);
    if (!id) return null;
    for (;;) {
      const end = seen.find((event) => event.operation_id === id && event.phase !== 'running');
      if (end?.phase === 'done') return end.result?.file_name ?? null;
      if (end?.phase === 'failed') throw new HgError({ code: end.error?.code ?? 'internal', message: end.error?.message ?? end.message ?? 'The export failed.' });
      if (end?.phase === 'cancelled') return null;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    off();
  }
}

export async function exportPng(element: HTMLElement, fileName: string): Promise<string | null> {
  const box = element.getBoundingClientRect();
  const rect = { x: Math.max(0, Math.floor(box.left)), y: Math.max(0, Math.floor(box.top)), width: Math.ceil(box.width), height: Math.ceil(box.height) };
  const { file_name } = await call('trends:export-png', { rect, file_name: fileName });
  return file_name;
}
