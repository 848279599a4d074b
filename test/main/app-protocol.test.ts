// app://console/ serves the built renderer and nothing outside it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appFileFor } from '../../electron/main/app/app-protocol.js';

const ROOT = '/opt/console/out/renderer';

describe('appFileFor', () => {
  it.each([
    ['app://console/', join(ROOT, 'index.html'), 'text/html; charset=utf-8'],
    ['app://console/index.html', join(ROOT, 'index.html'), 'text/html; charset=utf-8'],
    ['app://console/assets/index-abc.js?v=1#x', join(ROOT, 'assets/index-abc.js'), 'text/javascript; charset=utf-8'],
    ['app://console/assets/a%20b.css', join(ROOT, 'assets/a b.css'), 'text/css; charset=utf-8'],
  ])('serves %s', (url, path, type) => {
    expect(appFileFor(url, ROOT)).toEqual({ path, type });
  });

  // The URL parser resolves dot segments before we see the path: they can only land inside the folder.
  it.each([['app://console/../../etc/passwd'], ['app://console/%2e%2e/%2e%2e/etc/passwd']])('keeps %s inside the folder', (url) => {
    expect(appFileFor(url, ROOT)?.path).toBe(join(ROOT, 'etc/passwd'));
  });

  it.each([
    ['app://console/assets/..%2f..%2f..%2fsecret'],
    ['app://console/%00.html'],
    ['app://console/%E0%A4%A'],
    ['app://other/index.html'],
    ['app://console.evil/index.html'],
    ['app://user:pw@console/index.html'],
    ['https://console/index.html'],
    ['file:///etc/passwd'],
    ['not a url'],
  ])('refuses %s', (url) => {
    expect(appFileFor(url, ROOT)).toBeNull();
  });
});
