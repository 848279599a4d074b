// Applies the navigation rules and denies permissions on Electron's session and web contents. The parameters are
// the small parts of Electron's types this needs, so a test can pass fakes and check every handler is installed.
import { mayNavigate, windowOpenDecision } from './navigation.js';
import type { AppOrigins } from './trusted-url.js';

interface PreventableEvent {
  preventDefault(): void;
}

export interface HardenableSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[] | string> },
        callback: (response: { responseHeaders: Record<string, string[] | string> }) => void,
      ) => void,
    ): void;
  };
}

export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** No camera, microphone, notifications, geolocation… the console asks for none. The CSP goes on every response. */
export function hardenSession(session: HardenableSession, options: { csp: string }): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [options.csp] } });
  });
}

export function hardenWebContents(
  contents: HardenableContents,
  options: { origins: AppOrigins; openExternal: (url: string) => unknown },
): void {
  const guard = (event: PreventableEvent, url: string) => {
    if (!mayNavigate(url, options.origins)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternal) void options.openExternal(decision.openExternal);
    return { action: decision.action };
  });
}
