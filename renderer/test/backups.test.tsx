// @vitest-environment jsdom
import './setup.ts';
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeAdmin } from './fake-admin.ts';
import { renderWithApi } from './render.tsx';
import { Dashboard } from '../screens/Dashboard.tsx';
import { SettingsScreen } from '../screens/Settings.tsx';

const HOUR = 3600_000;

function withBackups() {
  const api = new FakeAdmin();
  api.backups.add('auto', new Date(Date.now() - 30 * HOUR));
  api.backups.add('manual', new Date(Date.now() - 2 * HOUR), { encrypted: true });
  return api;
}

const section = async () => within((await screen.findByRole('heading', { name: 'Backups' })).closest('section')!);

describe('Settings → Backups', () => {
  it('shows the last backup, the schedule and the backups in the folder', async () => {
    renderWithApi(<SettingsScreen />, withBackups());
    const backups = await section();
    expect((await backups.findByTestId('last-backup')).textContent).toMatch(/^Last backup 2 h ago .* Automatic backups every 24 h, the last 7 kept\.$/);
    const rows = within(await backups.findByRole('table', { name: 'Backups' })).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]!.textContent).toMatch(/manual.*encrypted/);
    expect(rows[2]!.textContent).toMatch(/automatic/);
  });

  it('backs up now, encrypted when asked, with the passphrase typed twice', async () => {
    const api = withBackups();
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
    await waitFor(() => expect(api.backups.files).toHaveLength(3));
    expect(api.calls.filter((call) => call.operation === 'backups.create')).toEqual([{ operation: 'backups.create', input: { passphrase: 'a long passphrase' } }]);
    expect(api.backups.files[0]).toMatchObject({ kind: 'manual', encrypted: true });
  });

  it('restores only after the word is typed, asks an encrypted backup\'s passphrase, then waits for the restart', async () => {
    const api = withBackups();
    renderWithApi(<SettingsScreen />, api);
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
    expect(await dialog.findByText('the passphrase is wrong')).toBeTruthy();
    await user.clear(dialog.getByLabelText('Passphrase of this backup'));
    await user.type(dialog.getByLabelText('Passphrase of this backup'), 'correct horse battery');
    await user.click(confirm);
    expect(await backups.findByText('Restoring — the hub is restarting')).toBeTruthy();
    expect(api.backups.restored).toEqual([api.backups.files[0]!.name]);
    expect(backups.getByRole('status').textContent).toMatch(/came with the encrypted backup/);
  });

  it('uploads a file from this computer in chunks and offers to restore it', async () => {
    const api = withBackups();
    renderWithApi(<SettingsScreen />, api);
    const bytes = new Uint8Array(400 * 1024);
    bytes.set(new TextEncoder().encode('SQLite format 3\0'));
    fireEvent.change((await section()).getByLabelText('Backup file to restore'), { target: { files: [new File([bytes], 'old-hub.db')] } });
    expect(await screen.findByRole('dialog', { name: 'Restore this backup?' })).toBeTruthy();
    expect(api.calls.filter((call) => call.operation === 'backups.upload')).toHaveLength(3); // 160 KiB chunks
    expect(api.backups.files[0]).toMatchObject({ kind: 'upload', size: bytes.length });
  });

  it('saves the schedule', async () => {
    const api = withBackups();
    renderWithApi(<SettingsScreen />, api);
    const user = userEvent.setup();
    const backups = await section();
    const every = await backups.findByLabelText('Back up every');
    await user.clear(every);
    await user.type(every, '6');
    await user.click(backups.getByRole('button', { name: 'Save schedule' }));
    await waitFor(() => expect(api.settings.backupIntervalHours).toBe(6));
  });
});

describe('the dashboard', () => {
  it('shows the last backup, and a warning when the last one failed', async () => {
    const api = withBackups();
    api.backups.lastError = { at: new Date().toISOString(), message: 'the disk is full' };
    renderWithApi(<Dashboard />, api);
    expect((await screen.findByTestId('backup-card')).textContent).toMatch(/Last backup 2 h ago.*The last attempt failed/);
    expect(await screen.findByText('The last automatic backup failed: the disk is full')).toBeTruthy();
  });
});
