// Which URLs are the console itself, and which may be handed to the user's browser. Pure, so the hostile cases
// are table-tested (test/main/trusted-url.test.ts) without Electron.

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export interface AppOrigins {
  /** True for a page of the console: the app:// origin, or the dev server while developing. */
  isAppUrl(url: string): boolean;
}

/**
 * scheme://host:port. Not `URL.origin`: for a custom scheme like app:// that is the opaque "null" outside Electron's
 * registered schemes, which would match data:, file: and every other opaque URL. No host means no origin at all.
 */
function originOf(url: URL): string | null {
  return url.host === '' ? null : `${url.protocol}//${url.host}`;
}

export function createAppOrigins(options: { appOrigin: string; devServerUrl?: string | undefined }): AppOrigins {
  const origins = new Set([originOf(new URL(options.appOrigin))]);
  if (options.devServerUrl) {
    const dev = parse(options.devServerUrl);
    // Only a loopback dev server is ever trusted; a remote ELECTRON_RENDERER_URL would hand it the bridge.
    if (dev && dev.protocol === 'http:' && isLoopback(dev.hostname)) origins.add(originOf(dev));
  }
  return {
    isAppUrl(url) {
      const parsed = parse(url);
      if (!parsed || parsed.username !== '' || parsed.password !== '') return false;
      const origin = originOf(parsed);
      return origin !== null && origins.has(origin);
    },
  };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/**
 * The URL to open in the user's browser, or null when it must not be opened: only plain https links to a named
 * host, with no credentials in them. Everything else (file:, javascript:, custom protocols that launch other
 * programs, http:) is refused.
 */
export function externalUrl(url: string): string | null {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.hostname === '' || isLoopback(parsed.hostname)) return null;
  return parsed.href;
}
