// @vitest-environment jsdom
// The live-token screen on the real admin service: paging by cursor, live revocations and
// issuance, selection and bulk revocation, filters and sort.
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as oauth from 'oauth4webapi';
import { consoleOnHub, consoleOnStore, type ConsoleBackend } from '../support/console-api.ts';
import { insecure } from '../support/hub.ts';
import { renderWithApi } from './render.tsx';
import { Tokens } from '../../renderer/screens/Tokens.tsx';
import { chooseLanguage } from '../../renderer/lib/i18n.ts';

const NEWEST_FIRST = { sort: 'issued', order: 'desc', limit: 100 } as const;

/** `n` tokens of one device, issued before the console opened; the newest first. */
async function withTokens(n: number, backend: ConsoleBackend = consoleOnStore()) {
  const { client } = await backend.run('clients.create', { kind: 'device', name: 'Thermostat' });
  await backend.seedTokens(client.clientId, n);
  const tokens = (await backend.run('tokens.list', { ...NEWEST_FIRST, limit: Math.max(1, Math.min(n, 100)) })).items;
  return { backend, api: backend.api, clientId: client.clientId, tokens };
}

/** A service that gets client_credentials tokens from the running hub over HTTP, as a device would. */
async function serviceOnHub(hub: Awaited<ReturnType<typeof consoleOnHub>>['hub']) {
  const { clientId, secret } = await hub.addClient({ name: 'Backup', kind: 'service', grants: ['client_credentials'] });
  const client = { client_id: clientId };
  const auth = oauth.ClientSecretBasic(secret!);
  return {
    issue: async () => oauth.processClientCredentialsResponse(hub.as, client, await oauth.clientCredentialsGrantRequest(hub.as, client, auth, new URLSearchParams(), insecure)),
    revoke: async (token: string) => oauth.processRevocationResponse(await oauth.revocationRequest(hub.as, client, auth, token, insecure)),
  };
}

const rows = () => document.querySelectorAll('tbody tr[data-index]');
const selectBox = (id: string) => screen.queryByRole('checkbox', { name: `Select token ${id}` });

describe('live token table', () => {
  it('renders a window of rows from the first page only', async () => {
    const { api, tokens } = await withTokens(1000);
    renderWithApi(<Tokens />, api);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(rows().length).toBeLessThan(60);
    expect(api.callsOf('tokens.list')).toEqual([NEWEST_FIRST]);
    expect(await screen.findByText('1,000 live tokens')).toBeTruthy();
    // Newest first: the last token issued is the first row.
    expect(rows()[0]!.textContent).toContain('Thermostat');
    expect(rows()[0]!.querySelector('input')!.getAttribute('aria-label')).toBe(`Select token ${tokens[0]!.id}`);
  });

  it('removes a row when a token.revoked event names it', async () => {
    const { backend, api, tokens } = await withTokens(30);
    renderWithApi(<Tokens />, api);
    const newest = tokens[0]!;
    expect(await screen.findByRole('checkbox', { name: `Select token ${newest.id}` })).toBeTruthy();
    // Revoked elsewhere (another operator, the CLI): only the event tells the console.
    await act(() => backend.run('tokens.revoke', { ids: [newest.id] }));
    await waitFor(() => expect(selectBox(newest.id)).toBeNull());
    expect(api.callsOf('tokens.revoke')).toEqual([]);
    expect(api.callsOf('tokens.list')).toHaveLength(1);
  });

  it('prepends a token issued live', async () => {
    const { backend, api } = await withTokens(10, await consoleOnHub());
    const service = await serviceOnHub((backend as Awaited<ReturnType<typeof consoleOnHub>>).hub);
    renderWithApi(<Tokens />, api);
    await waitFor(() => expect(rows().length).toBe(10));
    await act(() => service.issue());
    await waitFor(() => expect(rows()[0]!.textContent).toContain('Backup'));
    expect(rows()).toHaveLength(11);
    expect(rows()[1]!.textContent).toContain('Thermostat');
  });

  it('revokes the selected rows with tokens.revoke', async () => {
    const { backend, api, tokens } = await withTokens(5);
    renderWithApi(<Tokens />, api);
    const user = userEvent.setup();
    const [a, b] = [tokens[0]!, tokens[1]!];
    await user.click(await screen.findByRole('checkbox', { name: `Select token ${a.id}` }));
    await user.click(screen.getByRole('checkbox', { name: `Select token ${b.id}` }));
    await user.click(screen.getByRole('button', { name: 'Revoke selected (2)' }));
    await user.click(await screen.findByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(api.callsOf('tokens.revoke')).toHaveLength(1));
    expect((api.callsOf('tokens.revoke')[0] as { ids: string[] }).ids.toSorted()).toEqual([a.id, b.id].toSorted());
    await waitFor(() => expect(rows().length).toBe(3));
    expect(await backend.run('tokens.count', {})).toEqual({ count: 3 });
    expect(await screen.findByText('Revoked 2 tokens.')).toBeTruthy();
  });

  it('re-renders a row when its selection or the language changes (rows are memoized)', async () => {
    const { api, tokens } = await withTokens(3);
    renderWithApi(<Tokens />, api);
    const user = userEvent.setup();
    const box = await screen.findByRole('checkbox', { name: `Select token ${tokens[1]!.id}` });
    await user.click(box);
    expect((box as HTMLInputElement).checked).toBe(true);
    expect(box.closest('tr')!.getAttribute('aria-selected')).toBe('true');
    expect(selectBox(tokens[0]!.id)!.closest('tr')!.getAttribute('aria-selected')).toBe('false');
    try {
      act(() => chooseLanguage('es'));
      expect(await screen.findByRole('checkbox', { name: `Seleccionar el token ${tokens[0]!.id}` })).toBeTruthy();
      expect(rows()[0]!.textContent).not.toMatch(/ago/);
    } finally {
      act(() => chooseLanguage('en'));
    }
  });

  it('revokes one token from its row', async () => {
    const { backend, api, tokens } = await withTokens(3);
    renderWithApi(<Tokens />, api);
    const user = userEvent.setup();
    const target = tokens[2]!;
    await user.click(await screen.findByRole('button', { name: `Revoke token ${target.id}` }));
    await waitFor(() => expect(api.callsOf('tokens.revoke')).toEqual([{ ids: [target.id] }]));
    await waitFor(() => expect(rows().length).toBe(2));
    expect((await backend.run('tokens.list', NEWEST_FIRST)).items.map((t) => t.id)).not.toContain(target.id);
  });
});

describe('live token table, revocations that name no ids', () => {
  it('reloads from the head when a client revokes its own token at the revocation endpoint', async () => {
    const backend = await consoleOnHub();
    const service = await serviceOnHub(backend.hub);
    const issued = [await service.issue(), await service.issue(), await service.issue()];
    renderWithApi(<Tokens />, backend.api);
    await waitFor(() => expect(rows().length).toBe(3));
    await act(() => service.revoke(issued[1]!.access_token));
    await waitFor(() => expect(rows().length).toBe(2));
    expect(backend.api.callsOf('tokens.list')).toHaveLength(2);
    expect(screen.queryByText('No live tokens')).toBeNull();
  });

  it('reloads when a bulk revocation lists only some of its ids', async () => {
    const { backend, api, clientId } = await withTokens(600);
    renderWithApi(<Tokens />, api);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    // The hub's token.revoked event lists at most 500 ids, with the full count.
    await act(() => backend.run('tokens.revokeByClient', { clientId }));
    expect(await screen.findByText('No live tokens')).toBeTruthy();
  });
});

describe('live token table, filters and sort', () => {
  it('filters by type through tokens.list', async () => {
    const { api } = await withTokens(4);
    renderWithApi(<Tokens />, api);
    const user = userEvent.setup();
    await waitFor(() => expect(rows().length).toBe(4));
    await user.click(screen.getByLabelText('Type', { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: 'refresh' }));
    await waitFor(() => expect(api.callsOf('tokens.list').at(-1)).toEqual({ type: 'refresh_token', ...NEWEST_FIRST }));
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
    const firstPage = api.calls.find((c) => c.operation === 'tokens.list')!.result;
    expect(firstPage.ok && (firstPage.value as { nextCursor: string }).nextCursor).toEqual(expect.any(String));
    expect(api.callsOf('tokens.list')[1]).toEqual({ ...NEWEST_FIRST, cursor: firstPage.ok && (firstPage.value as { nextCursor: string }).nextCursor });
    expect(await screen.findByText(/200 loaded/)).toBeTruthy();
    expect(rows().length).toBeLessThan(60);
  });
});
