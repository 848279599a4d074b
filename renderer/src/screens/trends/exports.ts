// Trend exports. CSV runs as an operation in main (a save dialog, then the file written with progress events);
// PNG is a capture of the chart's rectangle of the window. Either may be cancelled at the dialog: null, no error.
import type { ChannelInput } from '../../../../shared/ipc/contract';
import { call } from '../../api/client';
import { runOperation } from '../../data/operation';

export async function exportCsv(input: ChannelInput<'trends:export-csv'>): Promise<string | null> {
  const last = await runOperation('trends-export', () => call('trends:export-csv', input));
  return last?.phase === 'done' ? (last.result?.file_name ?? null) : null;
}

export async function exportPng(element: HTMLElement, fileName: string): Promise<string | null> {
  const box = element.getBoundingClientRect();
  const rect = {
    x: Math.max(0, Math.floor(box.left)),
    y: Math.max(0, Math.floor(box.top)),
    width: Math.ceil(box.width),
    height: Math.ceil(box.height),
  };
  const { file_name } = await call('trends:export-png', { rect, file_name: fileName });
  return file_name;
}
