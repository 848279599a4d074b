// The renderer's one way to main: window.hg (the preload's contract-built bridge). `call` unwraps a Result into a
// value or an HgError, which is what TanStack Query and the screens want; every screen goes through here, so a
// session that ended anywhere is noticed in one place.
import type { ChannelInput, ChannelName, ChannelOutput, HgApi, IpcError } from '../../../shared/ipc/contract.js';
import type { EventName, EventPayload } from '../../../shared/ipc/result.js';

declare global {
  interface Window {
    readonly hg: HgApi;
  }
}

export class HgError extends Error {
  readonly code: IpcError['code'];
  readonly field: string | undefined;
  readonly details: IpcError['details'];

  constructor(error: IpcError) {
    super(error.message);
    this.name = 'HgError';
    this.code = error.code;
    this.field = error.field;
    this.details = error.details;
  }
}

type SessionEndListener = (error: HgError) => void;
const sessionEndListeners = new Set<SessionEndListener>();

/** Called when any call answers session_expired or no_console_access (the app frame returns to sign-in). */
export function onSessionEnded(listener: SessionEndListener): () => void {
  sessionEndListeners.add(listener);
  return () => sessionEndListeners.delete(listener);
}

function bridge(): HgApi {
  if (typeof window === 'undefined' || !window.hg) {
    throw new HgError({ code: 'internal', message: 'The console bridge is missing: start the console from the desktop app.' });
  }
  return window.hg;
}

/** Asks the person for a second factor (security/StepUp.tsx); resolves true once the session is aal2. */
type StepUpHandler = (error: HgError) => Promise<boolean>;
let stepUpHandler: StepUpHandler | null = null;

export function setStepUpHandler(handler: StepUpHandler): () => void {
  stepUpHandler = handler;
  return () => {
    if (stepUpHandler === handler) stepUpHandler = null;
  };
}

// The second-factor channels answer step_up to the prompt itself; any other channel's step_up is the prompt's cue.
const PROMPT_CHANNELS = new Set<ChannelName>(['mfa:state', 'mfa:enroll', 'mfa:verify', 'mfa:step-up', 'mfa:unlock']);

async function invokeOnce<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  let result: Awaited<ReturnType<HgApi['invoke']>>;
  try {
    result = await bridge().invoke(channel, input);
  } catch (cause) {
    if (cause instanceof HgError) throw cause;
    throw new HgError({ code: 'internal', message: 'The console could not reach its main process. Restart the app.' });
  }
  if (result.ok) return result.value as ChannelOutput<C>;
  const error = new HgError(result.error);
  if (error.code === 'session_expired' || error.code === 'no_console_access') {
    for (const listener of sessionEndListeners) listener(error);
  }
  throw error;
}

/**
 * One channel call. When the database keeps the action for a session with a second factor (step_up), the person is
 * asked for a code in place and the same input is sent once more: a refund keeps its idempotency key, so it happens
 * once whatever happened before. Cancelled, the original refusal stands.
 */
export async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  try {
    return await invokeOnce(channel, input);
  } catch (error) {
    if (!(error instanceof HgError) || error.code !== 'step_up' || PROMPT_CHANNELS.has(channel) || !stepUpHandler) throw error;
    if (!(await stepUpHandler(error))) throw error;
    return invokeOnce(channel, input);
  }
}

export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return bridge().on(event, listener);
}

/** The message to show for any thrown value: HgErrors are written for people; anything else is our bug. */
export function errorMessage(error: unknown): string {
  if (error instanceof HgError) return error.message;
  return 'Something went wrong in the console. Please try again.';
}
