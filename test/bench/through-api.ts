// The console API as the main process reaches it, for the benchmarks: the services' `call` (services/rpc.ts) →
// supabase-js → the in-process gateway (PostgREST's RPC, local-backend/gateway.ts) → a pg pool on the bench server.
// The bench staff have no password, so instead of GoTrue's sign-in the access token is minted with the gateway's
// secret, shaped as GoTrue issues it (aal2, as staff are after their second factor); supabase-js sends it as
// the bearer of every call, exactly as it sends a signed-in session's token.
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import pg from 'pg';
import type { Database } from '../../supabase/types/database.types.js';
import { createGateway } from '../../electron/main/local-backend/gateway.js';
import { randomJwtSecret, signJwt } from '../../electron/main/local-backend/jwt.js';
import { pgExecutor } from '../../electron/main/local-backend/pg-executor.js';
import { createCall, type Call } from '../../electron/main/services/rpc.js';
import { createFileRegistry, createOperations } from '../../electron/main/files/index.js';
import type { FileDeps } from '../../electron/main/files/deps.js';
import type { EventPayload } from '../../shared/ipc/result.js';
import { contract, type ChannelInput, type ChannelName, type ChannelOutput } from '../../shared/ipc/contract.js';
import type { Handler } from '../../electron/main/ipc/router.js';
import type { Capability } from '../../shared/ipc/capabilities.js';

export interface Api {
  call: Call;
  close(): Promise<void>;
}

/** A `call` signed in as `userId`, over its own pool of `connections` on the database `client` is connected to. */
export async function apiAs(client: pg.Client, userId: string, connections = 4): Promise<Api> {
  const executor = pgExecutor({
    host: client.host,
    port: client.port,
    user: client.user,
    password: client.password ?? undefined,
    database: client.database,
    max: connections,
  });
  const jwtSecret = randomJwtSecret();
  const gateway = await createGateway({ executor, jwtSecret });
  const now = Math.floor(Date.now() / 1000);
  const token = await signJwt(
    {
      iss: 'http://local.humanglue/auth/v1',
      sub: userId,
      aud: 'authenticated',
      role: 'authenticated',
      iat: now,
      exp: now + 24 * 3600,
      aal: 'aal2',
      amr: [{ method: 'totp', timestamp: now }],
      session_id: randomUUID(),
      is_anonymous: false,
    },
    jwtSecret,
  );
  const supabase = createClient<Database>('http://local.humanglue', gateway.publishableKey, {
    global: { fetch: gateway.fetch as typeof globalThis.fetch },
    accessToken: async () => token,
  });
  const call = createCall({
    rpc: async (fn, args) => {
      const result = await supabase.schema('console').rpc(fn as never, args as never);
      return { data: result.data as never, error: result.error, status: result.status };
    },
  });
  return { call, close: () => executor.close() };
}

export type Progress = EventPayload<'progress'>;

export interface FileBench {
  deps: FileDeps;
  /** Every progress event of the operation, once it has ended; rejects when it failed or was cancelled. */
  finished(operationId: string): Promise<Progress[]>;
}

/**
 * What the file channels need, around `call`: dialogs that answer `open` / a path in `dir` named as suggested, the
 * signed-in person with `capabilities`, and operations whose progress events are kept per operation.
 */
export function fileBench(call: Call, dir: string, open: () => string | null, capabilities: Capability[]): FileBench {
  const events = new Map<string, Progress[]>();
  const waiters = new Map<string, (events: Progress[]) => void>();
  const operations = createOperations({
    emit: ((event: string, payload: Progress) => {
      if (event !== 'progress') return;
      const list = events.get(payload.operation_id) ?? [];
      list.push(payload);
      events.set(payload.operation_id, list);
      if (payload.phase !== 'running') waiters.get(payload.operation_id)?.(list);
    }) as Parameters<typeof createOperations>[0]['emit'],
  });
  const deps: FileDeps = {
    files: {
      chooseOpenFile: async () => open(),
      chooseSaveFile: async ({ defaultName }) => `${dir}/${randomUUID().slice(0, 8)}-${defaultName}`,
      capturePng: async () => Buffer.alloc(0),
    },
    auth: {
      status: () => ({
        signedIn: true,
        user: { id: 'bench', email: 'bench@humanglue.dev', fullName: null },
        roles: ['finance'],
        capabilities,
        persistence: 'memory',
        backend: 'bench',
      }),
    },
    call,
    registry: createFileRegistry(),
    operations,
  };
  return {
    deps,
    finished: (operationId) =>
      new Promise((resolve, reject) => {
        const settle = (list: Progress[]) => {
          const last = list.at(-1)!;
          if (last.phase === 'done') resolve(list);
          else reject(new Error(`${last.kind} ${last.phase}: ${last.error?.message ?? last.message}`));
        };
        const list = events.get(operationId);
        if (list && list.at(-1)!.phase !== 'running') settle(list);
        else waiters.set(operationId, settle);
      }),
  };
}

/** A file channel's handler called as the router calls it: the input parsed by the contract first. */
export function invoke<C extends ChannelName>(handler: Handler<C>, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const parsed = contract[channel].input.parse(input) as Parameters<Handler<C>>[0];
  return handler(parsed, { channel, sender: { url: 'app://console/index.html' } });
}
