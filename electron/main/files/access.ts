// Before a file dialog opens: the person must be signed in and hold the capability the channel's SQL will check,
// so nobody is asked where to save a file they are not allowed to fill. SQL still decides on every call.
import { IpcFailure } from '../ipc/errors.js';
import type { Capability } from '../../../shared/ipc/capabilities.js';
import type { AuthService } from '../session/auth-service.js';

export function requireCapability(auth: Pick<AuthService, 'status'>, capability: Capability): void {
  const status = auth.status();
  if (!status.signedIn) throw new IpcFailure('session_expired', 'Your session has ended. Please sign in again.');
  if (!status.capabilities.includes(capability)) {
    const roles = status.roles.length > 0 ? status.roles.join(', ') : 'none';
    throw new IpcFailure('forbidden', `permission denied: ${capability} is needed (your staff roles: ${roles})`);
  }
}

/** `payments-2026-11-24.csv`: today's date in the default file names of exports. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A file name a person typed or a title made into a safe default name (no folders, no control characters). */
export function safeFileName(text: string, extension: string): string {
  const cleaned = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-')
    .replace(/^[\s.-]+|[\s.]+$/g, '')
    .slice(0, 120);
  const base = cleaned === '' ? 'export' : cleaned;
  return base.toLowerCase().endsWith(`.${extension}`) ? base : `${base}.${extension}`;
}
