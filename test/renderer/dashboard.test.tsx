// @vitest-environment jsdom
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { FakeAdmin } from './fake-admin.ts';
import { renderWithApi } from './render.tsx';
import { Dashboard } from '../screens/Dashboard.tsx';

/** The value of a dashboard counter, by its label. */
const counter = (label: string) => within(screen.getByText(label, { selector: 'p' }).parentElement!).getAllByText(/^(\d+|–)$/)[0]!.textContent;

async function hubWithHistory() {
  const api = new FakeAdmin();
  const created = await api.call('clients.create', { kind: 'service', name: 'Nightly backup' });
  if (!created.ok) throw new Error(created.error.message);
  const clientId = created.value.client.clientId;
  const now = Date.now();
  // Issued before the console opened: only metrics.timeline knows (token.issued is live-only).
  for (const minutesAgo of [50, 30, 30, 10, 2]) api.issueToken({ clientId, type: 'client_credentials', issuedAt: new Date(now - minutesAgo * 60_000), silent: true });
  api.emit('grant.refused', { at: new Date(now - 20 * 60_000).toISOString(), clientId, summary: 'invalid_client' });
  // Older than the hour: not counted.
  api.issueToken({ clientId, type: 'client_credentials', issuedAt: new Date(now - 90 * 60_000), silent: true });
  return { api, clientId };
}

describe('dashboard activity', () => {
  it('backfills the last hour from metrics.timeline, not from the audit log', async () => {
    const { api } = await hubWithHistory();
    renderWithApi(<Dashboard />, api);
    await waitFor(() => expect(counter('Issued')).toBe('5'));
    expect(counter('Refused')).toBe('1');
    expect(api.callsOf('metrics.timeline')).toEqual([{ minutes: 60 }]);
    expect(api.callsOf('audit.list').every((input) => !(input as { type?: string }).type)).toBe(true);
  });

  it('adds live token.issued and grant.refused events on top', async () => {
    const { api, clientId } = await hubWithHistory();
    renderWithApi(<Dashboard />, api);
    await waitFor(() => expect(counter('Issued')).toBe('5'));
    act(() => {
      api.issueToken({ clientId, type: 'client_credentials' });
      api.issueToken({ clientId, type: 'client_credentials' });
      api.emit('grant.refused', { clientId, summary: 'invalid_client' });
      api.emit('login.failed', { summary: 'not counted' });
    });
    await waitFor(() => expect(counter('Issued')).toBe('7'));
    expect(counter('Refused')).toBe('2');
    // Without asking the hub again.
    expect(api.callsOf('metrics.timeline')).toHaveLength(1);
  });
});

describe('dashboard status', () => {
  it('shows warnings prominently', async () => {
    const api = new FakeAdmin();
    api.warnings = ['Serving plain HTTP on 0.0.0.0: passwords and tokens cross the network unencrypted.'];
    renderWithApi(<Dashboard />, api);
    expect(await screen.findByText(/Serving plain HTTP on 0\.0\.0\.0/)).toBeTruthy();
    expect(screen.getByText('Check this')).toBeTruthy();
  });

  it('shows the certificate fingerprint with a copy button, and its expiry', async () => {
    const api = new FakeAdmin();
    renderWithApi(<Dashboard />, api);
    expect((await screen.findByTestId('tls-fingerprint')).textContent).toBe(api.tls!.fingerprint256);
    expect(screen.getByRole('button', { name: 'Copy certificate fingerprint' })).toBeTruthy();
    expect(screen.getByText('self-signed')).toBeTruthy();
    expect(screen.getByText(/^Valid until .*\(in 300 d\)$/)).toBeTruthy();
    expect(screen.getByText('lanyard.local')).toBeTruthy();
  });

  it('says when there is no certificate', async () => {
    const api = new FakeAdmin();
    api.tls = null;
    renderWithApi(<Dashboard />, api);
    expect(await screen.findByText(/serves plain HTTP, so there is no certificate to pin/)).toBeTruthy();
    expect(screen.queryByTestId('tls-fingerprint')).toBeNull();
  });
});
