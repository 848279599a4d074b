// The window's URL rules, table-driven over hostile URLs: only the console's own pages load in the window, and only
// plain https links reach the user's browser.
import { describe, expect, it, vi } from 'vitest';
import { hardenSession, hardenWebContents, type HardenableContents, type HardenableSession } from '../../electron/main/security/harden.js';
import { contentSecurityPolicy, mayNavigate, windowOpenDecision } from '../../electron/main/security/navigation.js';
import { createAppOrigins, externalUrl } from '../../electron/main/security/trusted-url.js';

const packaged = createAppOrigins({ appOrigin: 'app://console' });
const dev = createAppOrigins({ appOrigin: 'app://console', devServerUrl: 'http://localhost:5173/' });

describe('app origins', () => {
  it.each([['app://console/index.html'], ['app://console/'], ['app://console/assets/index.js?x=1#top']])(
    'trusts the console page %s',
    (url) => {
      expect(packaged.isAppUrl(url)).toBe(true);
    },
  );

  it.each([
    ['app://console.evil.com/index.html'],
    ['app://evil/index.html'],
    ['app://user:pw@console/index.html'],
    ['http://localhost:5173/'],
    ['https://example.com/'],
    ['file:///etc/passwd'],
    ['data:text/html,<script>alert(1)</script>'],
    ['javascript:alert(1)'],
    ['blob:app://console/1234'],
    ['about:blank'],
    ['not a url'],
    [''],
  ])('refuses %s when packaged', (url) => {
    expect(packaged.isAppUrl(url)).toBe(false);
  });

  it('trusts a loopback dev server in development only', () => {
    expect(dev.isAppUrl('http://localhost:5173/index.html')).toBe(true);
    expect(dev.isAppUrl('http://localhost:5174/')).toBe(false);
    expect(dev.isAppUrl('http://localhost.evil.com:5173/')).toBe(false);
  });

  it.each([['http://192.168.1.9:5173/'], ['https://localhost:5173/'], ['ftp://localhost/'], ['nonsense']])(
    'never trusts a non-loopback or odd dev server URL %s',
    (devServerUrl) => {
      const origins = createAppOrigins({ appOrigin: 'app://console', devServerUrl });
      expect(origins.isAppUrl(devServerUrl)).toBe(false);
      expect(origins.isAppUrl('app://console/index.html')).toBe(true);
    },
  );
});

describe('external links', () => {
  it.each([
    ['https://supabase.com/dashboard/project/abc', 'https://supabase.com/dashboard/project/abc'],
    ['https://docs.stripe.com/refunds?x=1', 'https://docs.stripe.com/refunds?x=1'],
  ])('opens %s in the browser', (url, opened) => {
    expect(externalUrl(url)).toBe(opened);
  });

  it.each([
    ['http://example.com/'],
    ['https://user:secret@example.com/'],
    ['https://localhost/admin'],
    ['https://127.0.0.1/'],
    ['file:///C:/Windows/System32/calc.exe'],
    ['smb://attacker/share'],
    ['ms-msdt:/id PCWDiagnostic'],
    ['javascript:alert(1)'],
    ['data:text/html,hi'],
    ['app://console/index.html'],
    ['  '],
  ])('refuses to open %s', (url) => {
    expect(externalUrl(url)).toBeNull();
  });
});

describe('navigation decisions', () => {
  it('allows only app pages in the window and never opens new windows', () => {
    expect(mayNavigate('app://console/index.html', packaged)).toBe(true);
    expect(mayNavigate('https://example.com/', packaged)).toBe(false);
    expect(windowOpenDecision('https://example.com/')).toEqual({ action: 'deny', openExternal: 'https://example.com/' });
    expect(windowOpenDecision('app://console/index.html')).toEqual({ action: 'deny', openExternal: null });
  });
});

describe('content security policy', () => {
  const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));

  it('allows no inline script, no eval and no remote origin when packaged', () => {
    const csp = directives(contentSecurityPolicy({ dev: false }));
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect([...csp.values()].join(' ')).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('adds only the dev server and its websocket in development', () => {
    const csp = directives(contentSecurityPolicy({ dev: true, devServerUrl: 'http://localhost:5173' }));
    expect(csp.get('script-src')).toBe("'self' http://localhost:5173");
    expect(csp.get('connect-src')).toBe("'self' http://localhost:5173 ws://localhost:5173");
  });
});

describe('hardening handlers', () => {
  function fakeContents() {
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
    const contents: HardenableContents = {
      on(event: string, listener: (event: { preventDefault(): void }, url: string) => void) {
        listeners.set(event, listener as never);
      },
      setWindowOpenHandler(handler) {
        openHandler = handler;
      },
    } as HardenableContents;
    return { contents, listeners, open: (url: string) => openHandler!({ url }) };
  }

  it.each([['will-navigate'], ['will-redirect']])('%s to another origin is prevented; to the app it is not', (name) => {
    const { contents, listeners } = fakeContents();
    hardenWebContents(contents, { origins: packaged, openExternal: vi.fn() });
    const away = { preventDefault: vi.fn() };
    listeners.get(name)!(away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const home = { preventDefault: vi.fn() };
    listeners.get(name)!(home, 'app://console/index.html');
    expect(home.preventDefault).not.toHaveBeenCalled();
  });

  it('denies webviews and new windows, handing only safe links to the browser', () => {
    const { contents, listeners, open } = fakeContents();
    const openExternal = vi.fn();
    hardenWebContents(contents, { origins: packaged, openExternal });
    const attach = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(attach);
    expect(attach.preventDefault).toHaveBeenCalled();
    expect(open('https://supabase.com/docs')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://supabase.com/docs']]);
  });

  it('denies every permission and sets the CSP on responses', () => {
    let request: Parameters<HardenableSession['setPermissionRequestHandler']>[0] | undefined;
    let check: (() => boolean) | undefined;
    let headers: Parameters<HardenableSession['webRequest']['onHeadersReceived']>[0] | undefined;
    hardenSession(
      {
        setPermissionRequestHandler: (handler) => (request = handler),
        setPermissionCheckHandler: (handler) => (check = handler),
        webRequest: { onHeadersReceived: (listener) => (headers = listener) },
      },
      { csp: "default-src 'none'" },
    );
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(check!()).toBe(false);
    const callback = vi.fn();
    headers!({ responseHeaders: { 'content-type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'content-type': ['text/html'], 'Content-Security-Policy': ["default-src 'none'"] },
    });
  });
});
