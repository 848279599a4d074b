// The options of the console window. The webPreferences are the security boundary of the renderer; a test checks
// them (test/main/window.test.ts), so a change here shows in review.
import type { BrowserWindowConstructorOptions } from 'electron';
import type { WindowState } from './window-state.js';

export function mainWindowOptions(options: {
  preloadPath: string;
  state: WindowState;
  dark: boolean;
  devTools: boolean;
}): BrowserWindowConstructorOptions {
  const { bounds } = options.state;
  return {
    ...bounds,
    minWidth: 960,
    minHeight: 600,
    title: 'HumanGlue Console',
    // Shown on ready-to-show, with the theme's background, so there is no white flash in dark mode.
    show: false,
    backgroundColor: options.dark ? '#111418' : '#f7f8fa',
    autoHideMenuBar: false,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      devTools: options.devTools,
    },
  };
}
