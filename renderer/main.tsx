// Entry of the shipped console. Inside Electron the preload exposes `window.lanyard` and the
// console talks over IPC; in a browser it signs in with OAuth and talks HTTP to /console/api.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import './styles.css';
import { ConsoleRoot } from './Root.tsx';
import { BrowserConsole } from './BrowserConsole.tsx';
import { createIpcAdminApi, hasIpcBridge } from './transport/ipc.ts';

const root = createRoot(document.getElementById('root')!);
root.render(<StrictMode>{hasIpcBridge() ? <ConsoleRoot api={createIpcAdminApi(window.lanyard!)} /> : <BrowserConsole />}</StrictMode>);
