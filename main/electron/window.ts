// The console window and what it may load: the built renderer served from app://console/,
// a strict CSP on every response, no navigation away, no new windows, no permissions.
import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, nativeTheme, net, protocol, screen, session, shell, type Rectangle } from 'electron';
import { APP_ENTRY_URL, APP_SCHEME, CONTENT_SECURITY_POLICY, externalUrl, isAppUrl, resolveAppFile } from './app-origin.ts';
import type { WindowStateStore } from './window-state.ts';

/** Window moves and resizes arrive many times a second while dragging; the file is written once it settles. */
const SAVE_BOUNDS_AFTER_MS = 500;
/** The console's background in each scheme (renderer/styles.css), shown before the page paints: no white flash. */
const BACKGROUND = { light: '#ffffff', dark: '#242424' };

/** The console's entry, on `hash`: it speaks the OS language unless the operator chose another (renderer/lib/i18n.ts). */
export function consoleEntryUrl(hash = ''): string {
  return `${APP_ENTRY_URL}?${new URLSearchParams({ lang: app.getLocale() })}${hash}`;
}

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** A safety net for every webContents the app ever creates: no webviews, no popups. */
export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

const notFound = () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });

/** Serves `rendererDir` (dist/renderer) at app://console/ on the default session and locks the session down. */
export function serveConsole(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
    const file = resolveAppFile(rendererDir, request.url);
    if (!file || !(await stat(file).then((info) => info.isFile(), () => false))) return notFound(); // no directory listings
    const response = await net.fetch(pathToFileURL(file).href).catch(() => null);
    if (!response?.ok) return notFound();
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    headers.set('x-content-type-options', 'nosniff');
    headers.set('cache-control', 'no-cache');
    return new Response(request.method === 'HEAD' ? null : response.body, { status: 200, headers });
  });

  const ses = session.defaultSession;
  // The console needs nothing but writing to the clipboard (copying a client secret).
  ses.setPermissionRequestHandler((webContents, permission, callback) =>
    callback(permission === 'clipboard-sanitized-write' && isAppUrl(webContents.getURL())),
  );
  ses.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => permission === 'clipboard-sanitized-write' && isAppUrl(requestingOrigin));
  ses.on('will-download', (event) => event.preventDefault());
}

const visibleOnSomeDisplay = (bounds: Rectangle) =>
  screen.getAllDisplays().some(({ workArea: a }) => bounds.x < a.x + a.width && bounds.x + bounds.width > a.x && bounds.y < a.y + a.height && bounds.y + bounds.height > a.y);

export function createConsoleWindow(options: { preload: string; state: WindowStateStore; icon?: string; devTools: boolean }): BrowserWindow {
  const saved = options.state.read();
  const bounds = saved.bounds && visibleOnSomeDisplay(saved.bounds) ? saved.bounds : { width: 1280, height: 820 };
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Lanyard',
    backgroundColor: nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light,
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: options.devTools,
    },
  });
  // maximize() shows a hidden window at once (before the page has painted: a white flash),
  // so it waits for ready-to-show like show() does.
  win.once('ready-to-show', () => {
    if (saved.maximized) win.maximize();
    win.show();
  });

  const contents = win.webContents;
  contents.on('will-frame-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    const external = event.isMainFrame ? externalUrl(event.url) : null;
    if (external) void shell.openExternal(external);
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrl(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });

  rememberBounds(win, options.state);
  void win.loadURL(consoleEntryUrl());
  return win;
}

/**
 * Saves the bounds once moving or resizing has settled. `move`/`resize` fire on every
 * platform (`moved`/`resized` are macOS and Windows only, and `moved` is `move` on macOS).
 */
function rememberBounds(win: BrowserWindow, state: WindowStateStore): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (win.isDestroyed()) return;
    const maximized = win.isMaximized();
    state.update(maximized || win.isMinimized() ? { maximized } : { maximized, bounds: win.getBounds() });
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, SAVE_BOUNDS_AFTER_MS);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', save);
  win.on('unmaximize', save);
  win.on('close', save);
}
