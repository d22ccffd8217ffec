// DEV-ONLY entry (index.html in `--mode fake`, see vite.config.ts): the console mounted on the
// in-memory fake hub with demo data, for working on screens without a hub and for the screenshot
// tests (test/e2e/console-screens.test.ts). Never shipped.
// `?empty` starts with no data; `?latency=ms` slows every call down; `?plain` serves plain HTTP.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import '../styles.css';
import { ConsoleRoot } from '../Root.tsx';
import { FakeAdmin } from './fake-admin.ts';
import { seedDemo } from './seed.ts';

const params = new URLSearchParams(window.location.search);
const api = new FakeAdmin({ latency: Number(params.get('latency') ?? 0) });
// `?plain`: the hub as it runs on plain HTTP on every network, with its warning.
if (params.has('plain')) {
  api.tls = null;
  api.warnings = ['Serving plain HTTP on 0.0.0.0: passwords and tokens cross the network unencrypted. Turn on HTTPS in Settings, or bind to 127.0.0.1.'];
}
const ready = params.has('empty') ? Promise.resolve() : seedDemo(api, { tokens: Number(params.get('tokens') ?? 600) }).then(() => undefined);

void ready.then(() => {
  // A token now and then, so the live parts move.
  if (params.has('live')) {
    setInterval(() => {
      const client = api.clients[Math.floor(Math.random() * api.clients.length)];
      if (client) api.issueToken({ clientId: client.clientId, type: 'access_token' });
    }, 2000);
  }
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ConsoleRoot api={api} onSignOut={() => alert('signed out')} account="alice (fake hub)" />
    </StrictMode>,
  );
  document.body.dataset.ready = 'true';
});
