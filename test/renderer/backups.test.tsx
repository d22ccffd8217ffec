// @vitest-environment jsdom
// Settings → Backups and the dashboard's backup card on the real admin service and the hub's own
// backup service: real backup files in a temp data dir, real encryption, real uploads in chunks.
import './setup.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { UPLOAD_CHUNK_BYTES } from '../../shared/admin-contract.ts';
import { consoleOnStore } from '../support/console-api.ts';
import { renderWithApi } from './render.tsx';
import { Dashboard } from '../../renderer/screens/Dashboard.tsx';
import { SettingsScreen } from '../../renderer/screens/Settings.tsx';

// Each test seals a backup with scrypt (128 MiB, about a second alone; far more on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const HOUR = 3600_000;
const PASSPHRASE = 'correct horse battery';

/** A hub with an automatic backup taken `autoHoursAgo` ago and an encrypted manual one 2 h ago. */
async function withBackups(autoHoursAgo = 30) {
  let clock = new Date(Date.now() - autoHoursAgo * HOUR);
  const backend = consoleOnStore({}, { now: () => clock });
  const auto = await backend.backups.create({ kind: 'auto', actor: 'lanyard' });
  clock = new Date(Date.now() - 2 * HOUR);
  const manual = await backend.backups.create({ kind: 'manual', passphrase: PASSPHRASE, actor: 'cli' });
  clock = new Date();
  return { ...backend, auto, manual, setClock: (at: Date) => (clock = at) };
}

const section = async () => within((await screen.findByRole('heading', { name: 'Backups' })).closest('section')!);

describe('Settings → Backups', () => {
  it('shows the last backup, the schedule and the backups in the folder', async () => {
    const { api } = await withBackups();
    renderWithApi(<SettingsScreen />, api);
    const backups = await section();
    expect((await backups.findByTestId('last-backup')).textContent).toMatch(/^Last backup 2 hr\. ago .* Automatic backups every 24 h, the last 7 kept\.$/);
    const rows = within(await backups.findByRole('table', { name: 'Backups' })).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]!.textContent).toMatch(/manual.*encrypted/);
    expect(rows[2]!.textContent).toMatch(/automatic/);
  });

  it('backs up now, encrypted when asked, with the passphrase typed twice', async () => {
    const { api, backups: service } = await withBackups();
    renderWithApi(<SettingsScreen />, api);
    const user = userEvent.setup();
    await user.click((await section()).getByRole('button', { name: 'Back up now' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Back up now' }));
    await user.click(dialog.getByRole('checkbox', { name: /Encrypt it with a passphrase/ }));
    await user.type(dialog.getByLabelText('Passphrase'), 'a long passphrase');
    await user.type(dialog.getByLabelText('The same passphrase again'), 'a long passphrasf');
    expect(dialog.getByText('the two passphrases differ')).toBeTruthy();
    expect((dialog.getByRole('button', { name: 'Back up' }) as HTMLButtonElement).disabled).toBe(true);
    await user.clear(dialog.getByLabelText('The same passphrase again'));
    await user.type(dialog.getByLabelText('The same passphrase again'), 'a long passphrase');
    await user.click(dialog.getByRole('button', { name: 'Back up' }));
    // The call is recorded when its answer arrives, which is after the file is listed.
    await waitFor(() => expect(api.callsOf('backups.create')).toEqual([{ passphrase: 'a long passphrase' }]), { timeout: 60_000 });
    expect(await service.list()).toHaveLength(3);
    expect((await service.list())[0]).toMatchObject({ kind: 'manual', encrypted: true });
  });

  it("restores only after the word is typed, asks an encrypted backup's passphrase, then waits for the restart", async () => {
    const backend = await withBackups();
    const reactErrors = vi.spyOn(console, 'error');
    renderWithApi(<SettingsScreen />, backend.api);
    const user = userEvent.setup();
    const backups = await section();
    const [encrypted] = await backups.findAllByRole('button', { name: /^Actions for the backup of/ });
    await user.click(encrypted!);
    await user.click(await screen.findByRole('menuitem', { name: 'Restore…' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Restore this backup?' }));
    const confirm = dialog.getByRole('button', { name: 'Restore and restart' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await user.type(dialog.getByLabelText(/Type.*to confirm/), 'restore');
    await user.type(dialog.getByLabelText('Passphrase of this backup'), 'wrong one here');
    await user.click(confirm);
    // The hub's own refusal, shown at the passphrase field: nothing staged, no restart.
    expect(await dialog.findAllByText(/cannot be restored: the passphrase is wrong/, {}, { timeout: 60_000 })).not.toHaveLength(0);
    expect(backend.restartsRequested()).toBe(0);
    await user.clear(dialog.getByLabelText('Passphrase of this backup'));
    await user.type(dialog.getByLabelText('Passphrase of this backup'), PASSPHRASE);
    await user.click(confirm);
    expect(await backups.findByText('Restoring — the hub is restarting', {}, { timeout: 60_000 })).toBeTruthy();
    expect(backend.api.callsOf('backups.restore').at(-1)).toEqual({ name: backend.manual.backup.name, confirm: 'restore', passphrase: PASSPHRASE });
    await waitFor(() => expect(backend.restartsRequested()).toBe(1));
    // The backup and restore dialogs sit side by side, each keyed per opening: never by the same key.
    expect(reactErrors.mock.calls.filter((call) => String(call[0]).includes('same key'))).toEqual([]);
    reactErrors.mockRestore();
  }, 180_000); // three scrypt derivations (the backup, two restores)

  it('uploads a file from this computer in chunks and offers to restore it; a file that is no backup is refused', async () => {
    const backend = await withBackups();
    const bytes = readFileSync(join(backend.dataDir, 'backups', backend.auto.backup.name));
    renderWithApi(<SettingsScreen />, backend.api);
    const chooser = (await section()).getByLabelText('Backup file to restore');
    fireEvent.change(chooser, { target: { files: [new File([new Uint8Array(300 * 1024)], 'holiday-photos.db')] } });
    expect(await screen.findByText(/That file is not a Lanyard backup/)).toBeTruthy();
    expect(await backend.backups.list()).toHaveLength(2);

    fireEvent.change(chooser, { target: { files: [new File([bytes], 'old-hub.db')] } });
    expect(await screen.findByRole('dialog', { name: 'Restore this backup?' })).toBeTruthy();
    const uploads = backend.api.callsOf('backups.upload').slice(2); // after the refused file's two chunks
    expect(uploads).toHaveLength(Math.ceil(bytes.length / UPLOAD_CHUNK_BYTES));
    expect((await backend.backups.list())[0]).toMatchObject({ kind: 'upload', size: bytes.length, encrypted: false });
  });

  it('saves the schedule', async () => {
    const { api, run } = await withBackups();
    renderWithApi(<SettingsScreen />, api);
    const user = userEvent.setup();
    const backups = await section();
    const every = await backups.findByLabelText('Back up every');
    await user.clear(every);
    await user.type(every, '6');
    await user.click(backups.getByRole('button', { name: 'Save schedule' }));
    await waitFor(async () => expect((await run('settings.get', {})).backupIntervalHours).toBe(6));
  });
});

describe('the dashboard', () => {
  it('shows the last backup, and a warning when it is older than two intervals', async () => {
    const backend = await withBackups(80);
    // Only the automatic backup, three days old: the encrypted one goes.
    await backend.backups.delete(backend.manual.backup.name, 'cli');
    renderWithApi(<Dashboard />, backend.api);
    expect((await screen.findByTestId('backup-card')).textContent).toMatch(/Last backup 3 days ago.*every 24 h and keeps the last 7/);
    expect(await screen.findByText(/The last backup is 3 day\(s\) 8 hour\(s\) old, though backups are due every 24 hour\(s\)/)).toBeTruthy();
  });
});
