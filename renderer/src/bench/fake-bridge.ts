// The benchmark page's window.hg: the channels a benchmarked screen calls, answered in this page from synthetic rows
// (fixtures.ts), so the timings are the renderer's alone. Answers arrive as a task, as IPC replies do; a channel
// with no answer here is refused, so a screen that starts calling something new shows up as an error, not a hang.
import type { ChannelInput, ChannelName, ChannelOutput, HgApi } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';

export type Answers = { [C in ChannelName]?: (input: ChannelInput<C>) => ChannelOutput<C> };

/** Called with the channel each time an answer is handed to the renderer (the trends timing starts there). */
export type AnswerListener = (channel: ChannelName) => void;

const nextTask = (run: () => void) => {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = () => {
    port1.close();
    run();
  };
  port2.postMessage(null);
};

export function installFakeBridge(answers: Answers, onAnswer?: AnswerListener): void {
  const api: HgApi = {
    invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>) {
      const answer = answers[channel] as ((input: ChannelInput<C>) => ChannelOutput<C>) | undefined;
      return new Promise<Result<ChannelOutput<C>>>((resolve) =>
        nextTask(() => {
          if (!answer) {
            resolve({ ok: false, error: { code: 'internal', message: `The benchmark page does not answer ${channel}.` } });
            return;
          }
          resolve({ ok: true, value: answer(input) });
          onAnswer?.(channel);
        }),
      );
    },
    on: () => () => undefined,
  };
  Object.defineProperty(window, 'hg', { value: api, configurable: true });
}
