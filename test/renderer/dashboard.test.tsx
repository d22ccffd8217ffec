// @vitest-environment jsdom
// The dashboard on the real admin service: the last hour's activity (backfilled from the hub's
// per-minute counters, then live events on top) and the hub's status, warnings and certificate.
import './setup.ts';
import { describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import * as oauth from 'oauth4webapi';
import type { Store } from '../../main/hub/store/index.ts';
import { consoleOnHub, consoleOnStore } from '../support/console-api.ts';
import { insecure } from '../support/hub.ts';
import { renderWithApi } from './render.tsx';
import { Dashboard } from '../../renderer/screens/Dashboard.tsx';

/** The value of a dashboard counter, by its label. */
const counter = (label: string) => within(screen.getByText(label, { selector: 'p' }).parentElement!).getAllByText(/^(\d+|–)$/)[0]!.textContent;

/**
 * What the hub counted before the console opened (token.issued is live-only, so only its
 * per-minute counters know): 5 tokens and 1 refusal in the last hour, 1 token before it.
 */
function countHistory(store: Store) {
  const now = Date.now();
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    for (const minutesAgo of [50, 30, 30, 10, 2, 90]) {
      vi.setSystemTime(now - minutesAgo * 60_000);
      store.metrics.count('issued');
    }
    vi.setSystemTime(now - 20 * 60_000);
    store.metrics.count('refused');
  } finally {
    vi.useRealTimers();
  }
  store.metrics.flush();
}

describe('dashboard activity', () => {
  it('backfills the last hour from metrics.timeline, not from the audit log', async () => {
    const backend = consoleOnStore();
    countHistory(backend.store);
    renderWithApi(<Dashboard />, backend.api);
    await waitFor(() => expect(counter('Issued')).toBe('5'));
    expect(counter('Refused')).toBe('1');
    expect(backend.api.callsOf('metrics.timeline')).toEqual([{ minutes: 60 }]);
    expect(backend.api.callsOf('audit.list').every((input) => !(input as { type?: string }).type)).toBe(true);
  });

  it('adds live token.issued and grant.refused events on top', async () => {
    const backend = await consoleOnHub();
    countHistory(backend.store);
    const { hub } = backend;
    const { clientId, secret } = await hub.addClient({ name: 'Nightly backup', kind: 'service', grants: ['client_credentials'] });
    const tokenFor = (password: string) => oauth.clientCredentialsGrantRequest(hub.as, { client_id: clientId }, oauth.ClientSecretBasic(password), new URLSearchParams(), insecure);
    renderWithApi(<Dashboard />, backend.api);
    await waitFor(() => expect(counter('Issued')).toBe('5'));
    await act(async () => {
      expect((await tokenFor(secret!)).status).toBe(200);
      expect((await tokenFor(secret!)).status).toBe(200);
      expect((await tokenFor('not the secret')).status).toBe(401);
      await backend.run('users.create', { username: 'not-counted', password: 'long enough' });
    });
    await waitFor(() => expect(counter('Issued')).toBe('7'));
    await waitFor(() => expect(counter('Refused')).toBe('2'));
    // Without asking the hub again.
    expect(backend.api.callsOf('metrics.timeline')).toHaveLength(1);
  });
});

describe('dashboard status', () => {
  it('shows warnings prominently', async () => {
    const backend = consoleOnStore({ warnings: ['Serving plain HTTP on 0.0.0.0: passwords and tokens cross the network unencrypted.'] });
    renderWithApi(<Dashboard />, backend.api);
    expect(await screen.findByText(/Serving plain HTTP on 0\.0\.0\.0/)).toBeTruthy();
    expect(screen.getByText('Check this')).toBeTruthy();
  });

  it('shows the certificate fingerprint with a copy button, and its expiry', async () => {
    const tls = {
      fingerprint256: '3A:7F:0C:91:5E:22:B4:68:1D:C9:8E:47:F0:13:A6:5B:72:D8:04:E9:6C:31:9A:BF:25:60:7E:C3:18:D4:4A:F1',
      notAfter: new Date(Date.now() + 300 * 86_400_000).toISOString(),
      sans: ['lanyard.local', '192.168.1.20', 'localhost', '127.0.0.1'],
      selfSigned: true,
    };
    renderWithApi(<Dashboard />, consoleOnStore({ tls }).api);
    expect((await screen.findByTestId('tls-fingerprint')).textContent).toBe(tls.fingerprint256);
    expect(screen.getByRole('button', { name: 'Copy certificate fingerprint' })).toBeTruthy();
    expect(screen.getByText('self-signed')).toBeTruthy();
    expect(screen.getByText(/^Valid until .*\(in 300 days\)$/)).toBeTruthy();
    expect(screen.getByText('lanyard.local')).toBeTruthy();
  });

  it('says when there is no certificate', async () => {
    renderWithApi(<Dashboard />, consoleOnStore({ tls: null }).api);
    expect(await screen.findByText(/serves plain HTTP, so there is no certificate to pin/)).toBeTruthy();
    expect(screen.queryByTestId('tls-fingerprint')).toBeNull();
  });
});
