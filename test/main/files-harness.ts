// The file channels end to end, as services.test.ts does for the others: router → services + file handlers →
// supabase-js → gateway (pgExecutor) → this file's clone of the seeded database. The desktop is a fake
// FilePlatform: the "dialogs" answer with paths in a temporary folder (or null, as a cancelled dialog does), and the
// "window capture" returns whatever the test gives it. Progress events are collected per operation.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { createFileRegistry, createOperations, fileHandlers, type EmitEvent, type FilePlatform } from '../../electron/main/files/index.js';
import { createRouter } from '../../electron/main/ipc/router.js';
import { createGateway, type Gateway } from '../../electron/main/local-backend/gateway.js';
import { randomJwtSecret } from '../../electron/main/local-backend/jwt.js';
import { pgExecutor } from '../../electron/main/local-backend/pg-executor.js';
import type { SqlExecutor } from '../../electron/main/local-backend/sql-executor.js';
import { createHandlers } from '../../electron/main/services/index.js';
import { combine } from '../../electron/main/ipc/handlers.js';
import { completeHandlers } from './handler-stubs.js';
import { createAuthService, type AuthService } from '../../electron/main/session/auth-service.js';
import { createMfaService, scratchClientFor } from '../../electron/main/session/mfa.js';
import { createSessionStorage } from '../../electron/main/session/secure-storage.js';
import { createConsoleClient } from '../../electron/main/session/supabase-client.js';
import { eventSchemas, type EventPayload } from '../../shared/ipc/result.js';
import type { ChannelInput, ChannelName, ChannelOutput, Result } from '../../shared/ipc/contract.js';
import { useTestDatabase, type TestDatabase } from '../support/db.js';
import { fakeBox } from './fake-box.js';
import { PASSWORD, value } from './services-roles.js';

export type Progress = EventPayload<'progress'>;
export type Invoke = <C extends ChannelName>(channel: C, input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;

export interface FakeDesktop extends FilePlatform {
  /** What the next open dialog answers (null: cancelled). */
  nextOpen: string | null;
  /** What the next save dialog answers; default: a new path in the temporary folder named as suggested. */
  nextSave: string | null | undefined;
  /** What the capture returns. */
  png: Buffer;
  dialogs: Array<{ kind: 'open' | 'save'; title: string; defaultName?: string }>;
  captures: Array<{ x: number; y: number; width: number; height: number }>;
}

export interface FileApp {
  invoke: Invoke;
  desktop: FakeDesktop;
  events: Progress[];
  /** Every progress event of the operation, once its terminal one (done, failed, cancelled) has arrived. */
  finished(operationId: string, timeoutMs?: number): Promise<Progress[]>;
  /** Resolves once an event matching `test` has arrived. */
  when(test: (event: Progress) => boolean, timeoutMs?: number): Promise<Progress>;
  idle(): Promise<void>;
}

const SENDER = { url: 'app://console/index.html' };
const TERMINAL = new Set(['done', 'failed', 'cancelled']);

export function useFileChannels(): { db: TestDatabase; dir: () => string; signedIn: (email: string) => Promise<FileApp> } {
  const db = useTestDatabase();
  let executor: SqlExecutor;
  let gateway: Gateway;
  let dir: string;
  const services: AuthService[] = [];
  const apps: FileApp[] = [];

  beforeAll(async () => {
    executor = pgExecutor({ ...db.server, database: db.name, max: 4 });
    gateway = await createGateway({ executor, jwtSecret: randomJwtSecret() });
    dir = await mkdtemp(join(tmpdir(), 'hg-files-'));
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.idle()));
    await Promise.all(services.map((service) => service.close()));
    await executor?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function signedIn(email: string): Promise<FileApp> {
    const storage = createSessionStorage({ box: fakeBox(), file: join(dir, `${randomBytes(4).toString('hex')}.bin`) });
    const client = createConsoleClient({ url: 'http://local.humanglue', apiKey: gateway.publishableKey, fetch: gateway.fetch, storage });
    const auth = createAuthService({ client, storage });
    const mfa = createMfaService({
      client,
      scratchClient: scratchClientFor('http://local.humanglue', gateway.publishableKey, gateway.fetch),
    });
    services.push(auth);

    const desktop: FakeDesktop = {
      nextOpen: null,
      nextSave: undefined,
      png: Buffer.alloc(0),
      dialogs: [],
      captures: [],
      async chooseOpenFile({ title }) {
        desktop.dialogs.push({ kind: 'open', title });
        return desktop.nextOpen;
      },
      async chooseSaveFile({ title, defaultName }) {
        desktop.dialogs.push({ kind: 'save', title, defaultName });
        const answer = desktop.nextSave === undefined ? join(dir, `${randomBytes(3).toString('hex')}-${defaultName}`) : desktop.nextSave;
        desktop.nextSave = undefined;
        return answer;
      },
      async capturePng(rect) {
        desktop.captures.push(rect);
        return desktop.png;
      },
    };

    const events: Progress[] = [];
    const waiters = new Set<() => void>();
    const emit = ((event: string, payload: unknown) => {
      if (event !== 'progress') return;
      events.push(eventSchemas.progress.parse(payload)); // every event must match the contract's schema
      for (const wake of [...waiters]) wake();
    }) as EmitEvent;
    const operations = createOperations({ emit });

    const router = createRouter({
      handlers: completeHandlers(
        combine(createHandlers({ auth, mfa }), fileHandlers({ files: desktop, auth, registry: createFileRegistry(), operations })),
      ),
      isTrustedSender: (sender) => sender.url.startsWith('app://console/'),
      log: () => undefined,
    });
    const invoke: Invoke = async (channel, input) => (await router.handle(channel, input, SENDER)) as Result<ChannelOutput<typeof channel>>;

    const when = (test: (event: Progress) => boolean, timeoutMs = 20_000) =>
      new Promise<Progress>((resolve, reject) => {
        const check = () => {
          const found = events.find(test);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching progress event within ${timeoutMs} ms; got ${JSON.stringify(events.slice(-5))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });

    const app: FileApp = {
      invoke,
      desktop,
      events,
      async finished(operationId, timeoutMs) {
        await when((e) => e.operation_id === operationId && TERMINAL.has(e.phase), timeoutMs);
        return events.filter((e) => e.operation_id === operationId);
      },
      when,
      idle: () => operations.idle(),
    };
    apps.push(app);

    const { user } = value(await invoke('auth:sign-in', { email, password: PASSWORD }));
    expect(user.email).toBe(email);
    return app;
  }

  return { db, dir: () => dir, signedIn };
}
