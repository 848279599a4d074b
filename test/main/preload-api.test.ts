// window.hg as the preload builds it: contract channels and known events only, payloads without Electron's event.
import { describe, expect, it, vi } from 'vitest';
import { createHgApi, eventChannel, type Transport } from '../../electron/preload/api.js';

function transport() {
  const listeners = new Map<string, (payload: unknown) => void>();
  const fake: Transport & { sent: Array<[string, unknown]>; fire(channel: string, payload: unknown): void } = {
    sent: [],
    invoke: vi.fn(async (channel: string, input: unknown) => {
      fake.sent.push([channel, input]);
      return { ok: true, value: null };
    }),
    on(channel, listener) {
      listeners.set(channel, listener);
      return () => listeners.delete(channel);
    },
    fire: (channel, payload) => listeners.get(channel)?.(payload),
  };
  return fake;
}

describe('window.hg', () => {
  it('exposes invoke and on, and cannot be changed by the page', () => {
    const api = createHgApi(transport());
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('forwards a contract channel with its input', async () => {
    const fake = transport();
    await createHgApi(fake).invoke('reviews:count', { filters: {} });
    expect(fake.sent).toEqual([['reviews:count', { filters: {} }]]);
  });

  it.each([['ipc:anything'], ['__proto__'], ['toString'], ['auth:sign-in '], [42], [null]])(
    'refuses %s without sending anything',
    async (channel) => {
      const fake = transport();
      const result = await createHgApi(fake).invoke(channel as never, {} as never);
      expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
      expect(fake.sent).toEqual([]);
    },
  );

  it('delivers a known event payload to its listener, and stops after unsubscribing', () => {
    const fake = transport();
    const seen: unknown[] = [];
    const off = createHgApi(fake).on('session:changed', (payload) => seen.push(payload));
    fake.fire(eventChannel('session:changed'), { state: 'signed_out' });
    off();
    fake.fire(eventChannel('session:changed'), { state: 'signed_in' });
    expect(seen).toEqual([{ state: 'signed_out' }]);
  });

  it('refuses to subscribe to an event the contract does not list', () => {
    const api = createHgApi(transport());
    expect(() => api.on('ipc-message' as never, () => undefined)).toThrow(/unknown event/);
  });
});
