// @vitest-environment jsdom
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeAdmin } from './fake-admin.ts';
import { renderWithApi } from './render.tsx';
import { Tokens } from '../screens/Tokens.tsx';

async function withTokens(n: number) {
  const api = new FakeAdmin();
  const { value } = (await api.call('clients.create', { kind: 'device', name: 'Thermostat' })) as { ok: true; value: { client: { clientId: string } } };
  const start = Date.now() - n * 1000;
  for (let i = 0; i < n; i++) api.issueToken({ clientId: value.client.clientId, issuedAt: new Date(start + i * 1000), type: 'client_credentials', silent: true });
  return { api, clientId: value.client.clientId };
}

const rows = () => document.querySelectorAll('tbody tr[data-index]');

describe('live token table', () => {
  it('renders a window of rows from the first page only', async () => {
    const { api } = await withTokens(1000);
    renderWithApi(<Tokens />, api);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(rows().length).toBeLessThan(60);
    expect(api.callsOf('tokens.list')).toEqual([{ sort: 'issued', order: 'desc', limit: 100 }]);
    expect(await screen.findByText('1,000 live tokens')).toBeTruthy();
    // Newest first: the last token issued is the first row.
    expect(rows()[0]!.textContent).toContain('Thermostat');
    expect(screen.getByRole('checkbox', { name: `Select token ${api.tokens.at(-1)!.id}` })).toBeTruthy();
  });

  it('removes a row when a token.revoked event names it', async () => {
    const { api } = await withTokens(30);
    renderWithApi(<Tokens />, api);
    const newest = api.tokens.at(-1)!;
    expect(await screen.findByRole('checkbox', { name: `Select token ${newest.id}` })).toBeTruthy();
    // Revoked elsewhere (e.g. by the CLI): only the event tells the console.
    act(() => {
      api.tokens = api.tokens.filter((t) => t.id !== newest.id);
      api.emit('token.revoked', { clientId: newest.clientId, detail: { tokenId: newest.id } });
    });
    await waitFor(() => expect(screen.queryByRole('checkbox', { name: `Select token ${newest.id}` })).toBeNull());
  });

  it('prepends a token issued live', async () => {
    const { api, clientId } = await withTokens(10);
    renderWithApi(<Tokens />, api);
    await waitFor(() => expect(rows().length).toBe(10));
    let fresh!: { id: string };
    act(() => {
      fresh = api.issueToken({ clientId, type: 'client_credentials' });
    });
    expect(await screen.findByRole('checkbox', { name: `Select token ${fresh.id}` })).toBeTruthy();
    await waitFor(() => expect(rows()[0]!.querySelector('input')!.getAttribute('aria-label')).toBe(`Select token ${fresh.id}`));
  });

  it('revokes the selected rows with tokens.revoke', async () => {
    const { api } = await withTokens(5);
    renderWithApi(<Tokens />, api);
    const user = userEvent.setup();
    const [a, b] = [api.tokens[4]!, api.tokens[3]!];
    await user.click(await screen.findByRole('checkbox', { name: `Select token ${a.id}` }));
    await user.click(screen.getByRole('checkbox', { name: `Select token ${b.id}` }));
    await user.click(screen.getByRole('button', { name: 'Revoke selected (2)' }));
    await user.click(await screen.findByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(api.callsOf('tokens.revoke')).toEqual([{ ids: [a.id, b.id] }]));
    await waitFor(() => expect(rows().length).toBe(3));
    expect(api.tokens).toHaveLength(3);
  });

  it('revokes one token from its row', async () => {
    const { api } = await withTokens(3);
    renderWithApi(<Tokens />, api);
    const user = userEvent.setup();
    const target = api.tokens[0]!;
    await user.click(await screen.findByRole('button', { name: `Revoke token ${target.id}` }));
    await waitFor(() => expect(api.callsOf('tokens.revoke')).toEqual([{ ids: [target.id] }]));
    await waitFor(() => expect(rows().length).toBe(2));
  });
});

describe('live token table, bulk events', () => {
  it('reloads from the head when a token.revoked event names no ids', async () => {
    const { api, clientId } = await withTokens(8);
    renderWithApi(<Tokens />, api);
    await waitFor(() => expect(rows().length).toBe(8));
    act(() => {
      api.tokens = api.tokens.slice(0, 3);
      api.emit('token.revoked', { clientId, summary: 'all tokens of Thermostat revoked', detail: { count: 5 } });
    });
    await waitFor(() => expect(rows().length).toBe(3));
    expect(screen.queryByText('No live tokens')).toBeNull();
  });

  it('filters by type through tokens.list', async () => {
    const { api } = await withTokens(4);
    renderWithApi(<Tokens />, api);
    const user = userEvent.setup();
    await waitFor(() => expect(rows().length).toBe(4));
    await user.click(screen.getByLabelText('Type', { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: 'refresh' }));
    await waitFor(() => expect(api.callsOf('tokens.list').at(-1)).toEqual({ type: 'refresh_token', sort: 'issued', order: 'desc', limit: 100 }));
    expect(await screen.findByText('No live tokens match these filters')).toBeTruthy();
  });

  it('sorts by expiry when the header is clicked', async () => {
    const { api } = await withTokens(4);
    renderWithApi(<Tokens />, api);
    const user = userEvent.setup();
    await waitFor(() => expect(rows().length).toBe(4));
    await user.click(screen.getByRole('button', { name: /^Sort by expires/ }));
    await waitFor(() => expect(api.callsOf('tokens.list').at(-1)).toMatchObject({ sort: 'expires', order: 'desc' }));
    await user.click(screen.getByRole('button', { name: /^Sort by expires/ }));
    await waitFor(() => expect(api.callsOf('tokens.list').at(-1)).toMatchObject({ sort: 'expires', order: 'asc' }));
  });
});

describe('live token table, paging', () => {
  it('fetches the next page with the cursor when scrolled near the end, and never everything', async () => {
    const { api } = await withTokens(1000);
    renderWithApi(<Tokens />, api);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    const region = screen.getByRole('region', { name: /Live tokens/ });
    act(() => {
      region.scrollTop = 100 * 44 - 800;
      region.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => expect(api.callsOf('tokens.list')).toHaveLength(2));
    expect(api.callsOf('tokens.list')[1]).toEqual({ sort: 'issued', order: 'desc', limit: 100, cursor: '100' });
    expect(await screen.findByText(/200 loaded/)).toBeTruthy();
    expect(rows().length).toBeLessThan(60);
  });
});
