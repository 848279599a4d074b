// The handlers that only need the console API (one auth service): every domain but the connection controller's
// channels (./connection.ts) and the file channels (../files/), which the app combines with these.
import { combine } from '../ipc/handlers.js';
import type { AuthService } from '../session/auth-service.js';
import type { MfaService } from '../session/mfa.js';
import { auditHandlers } from './audit.js';
import { authHandlers, type ConnectionSource } from './auth-handlers.js';
import { mfaHandlers } from './mfa-handlers.js';
import { paymentHandlers } from './payments.js';
import {
  assessmentHandlers,
  certificateHandlers,
  engagementHandlers,
  organisationHandlers,
  talentHandlers,
  workshopHandlers,
} from './platform.js';
import { reconciliationHandlers } from './reconciliation.js';
import { reviewHandlers } from './reviews.js';
import { createCall, type CallOptions } from './rpc.js';
import { searchHandlers } from './search.js';
import { settingHandlers } from './settings.js';
import { trendHandlers } from './trends.js';
import { userHandlers } from './users.js';
import { viewHandlers } from './views.js';

export interface ServicesOptions {
  auth: AuthService;
  /** The same session's second factor. */
  mfa: MfaService;
  /** Where the client is connected, for auth:status; the local backend when omitted. */
  connection?: ConnectionSource;
  /** How failed calls are tried again (tests shorten the waits). */
  callOptions?: CallOptions;
}

export function createHandlers(options: ServicesOptions) {
  const call = createCall(options.auth, options.callOptions);
  return combine(
    authHandlers(options.auth, options.connection),
    mfaHandlers(options.mfa, options.auth),
    reviewHandlers(call),
    paymentHandlers(call),
    userHandlers(call),
    auditHandlers(call),
    trendHandlers(call),
    settingHandlers(call),
    reconciliationHandlers(call),
    organisationHandlers(call),
    workshopHandlers(call),
    engagementHandlers(call),
    talentHandlers(call),
    certificateHandlers(call),
    assessmentHandlers(call),
    searchHandlers(call),
    viewHandlers(call),
  );
}

export type ServiceHandlers = ReturnType<typeof createHandlers>;
export { connectionHandlers } from './connection.js';
export type { BackendInfo, ConnectionSource } from './auth-handlers.js';
export type { ConnectionController, ConnectionFetch } from './connection.js';
