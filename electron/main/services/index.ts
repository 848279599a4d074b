// The router's handler map: every domain service over the one auth service. Channels missing here (file dialogs,
// background exports, and connection management when no controller is given) are answered by the router as not
// available yet.
import type { Handlers } from '../ipc/router.js';
import type { AuthService } from '../session/auth-service.js';
import { auditHandlers } from './audit.js';
import { authHandlers, type ConnectionSource } from './auth-handlers.js';
import { connectionHandlers, type ConnectionController } from './connection.js';
import { paymentHandlers } from './payments.js';
import { reconciliationHandlers } from './reconciliation.js';
import { reviewHandlers } from './reviews.js';
import { createCall } from './rpc.js';
import { settingHandlers } from './settings.js';
import { trendHandlers } from './trends.js';
import { userHandlers } from './users.js';

export interface ServicesOptions {
  auth: AuthService;
  /** Where the client is connected, for auth:status; the local backend when omitted. */
  connection?: ConnectionSource;
  /** Changes the connection (connection:* channels); those channels stay unwired when omitted. */
  controller?: ConnectionController;
}

export function createHandlers(options: ServicesOptions): Partial<Handlers> {
  const call = createCall(options.auth);
  return {
    ...authHandlers(options.auth, options.connection),
    ...reviewHandlers(call),
    ...paymentHandlers(call),
    ...userHandlers(call),
    ...auditHandlers(call),
    ...trendHandlers(call),
    ...settingHandlers(call),
    ...reconciliationHandlers(call),
    ...(options.controller ? connectionHandlers(options.controller, options.auth) : {}),
  };
}

export type { BackendInfo, ConnectionSource } from './auth-handlers.js';
export type { ConnectionController, ConnectionFetch } from './connection.js';
