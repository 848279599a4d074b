// Serves the built renderer the way the app's app:// protocol does (its own resolver: files under out/renderer only,
// index.html for the root) and the app's Content-Security-Policy on every response, so the suite fails on anything
// the CSP would block.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_ORIGIN, appFileFor } from '../../../electron/main/app/app-protocol.js';
import { contentSecurityPolicy } from '../../../electron/main/security/navigation.js';
import { RENDERER_DIR } from './paths.js';

export async function serveRenderer(root = RENDERER_DIR): Promise<{ origin: string; close(): Promise<void> }> {
  const csp = contentSecurityPolicy({ dev: false });
  const server: Server = createServer((request, response) => {
    // The app's own resolver: the same files, types and refusals as app://console/ in Electron.
    const file = appFileFor(`${APP_ORIGIN}${request.url ?? '/'}`, root);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    readFile(file.path).then(
      (body) => {
        response.writeHead(200, { 'content-type': file.type, 'content-security-policy': csp });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    // Called once the page is closed: a connection its browser context still keeps open is not waited for.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
