// Navigation and content rules for the console window, as pure decisions. harden.ts applies them to Electron.
import { externalUrl, type AppOrigins } from './trusted-url.js';

/** In-window navigation: only to the console's own pages. */
export function mayNavigate(url: string, origins: AppOrigins): boolean {
  return origins.isAppUrl(url);
}

export type WindowOpenDecision = { readonly action: 'deny'; readonly openExternal: string | null };

/** `window.open` and target=_blank never make a new window; a safe https link opens in the browser instead. */
export function windowOpenDecision(url: string): WindowOpenDecision {
  return { action: 'deny', openExternal: externalUrl(url) };
}

/**
 * The Content-Security-Policy of every console page: scripts only from the app itself (no inline, no eval), no
 * remote origins at all — data reaches the renderer through IPC, never fetch. The dev server adds only its own
 * origin and websocket for hot reload, and inline styles Vite injects there.
 */
export function contentSecurityPolicy(options: { dev: boolean; devServerUrl?: string | undefined }): string {
  const dev = options.dev && options.devServerUrl ? new URL(options.devServerUrl) : null;
  const self = dev ? `'self' ${dev.origin}` : "'self'";
  const connect = dev ? `'self' ${dev.origin} ws://${dev.host}` : "'self'";
  return [
    "default-src 'none'",
    `script-src ${self}`,
    // React sets style attributes (virtual rows, chart sizes); style-src-attr allows exactly those, not <style>.
    `style-src ${self}${dev ? " 'unsafe-inline'" : ''}`,
    "style-src-attr 'unsafe-inline'",
    `img-src ${self} data: blob:`,
    `font-src ${self}`,
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
  ].join('; ');
}
