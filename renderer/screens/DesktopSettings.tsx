// The desktop app's own settings, shown on the Settings screen only inside the desktop app
// (the preload's `window.lanyard.desktop`): where the hub listens (this computer, the LAN over
// HTTPS, or — with explicit consent — the LAN over plain HTTP), its data folder, what closing
// the window does, the hub's state with the way back to the last working settings, and the logs.
import { useEffect, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Radio, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { AdminError } from '../../shared/admin-contract.ts';
import type { DesktopSettings, DesktopView, HubStateView } from '../../shared/desktop.ts';
import type { DesktopBridge } from '../../shared/transport.ts';
import { ErrorAlert } from '../components/common.tsx';
import { fieldError } from '../lib/mutation.ts';

/** The desktop bridge when the console runs inside the desktop app, else null. */
export const desktopBridge = (): DesktopBridge | null => (typeof window !== 'undefined' && window.lanyard?.desktop) || null;

/** The desktop view, kept fresh by the main process's pushes, and the calls that change it. */
function useDesktop(bridge: DesktopBridge) {
  const [view, setView] = useState<DesktopView | null>(null);
  const [error, setError] = useState<AdminError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void bridge.get().then((result) => (result.ok ? setView(result.value) : setError(result.error)));
    return bridge.onState(setView);
  }, [bridge]);
  const run = async (call: () => Promise<{ ok: true; value: DesktopView } | { ok: false; error: AdminError }>) => {
    setBusy(true);
    setError(null);
    try {
      const result = await call();
      if (result.ok) setView(result.value);
      else setError(result.error);
      return result.ok ? result.value : null;
    } finally {
      setBusy(false);
    }
  };
  return { view, error, busy, run };
}

function HubState({ hub, canRevert, onRevert, onRestart, busy }: { hub: HubStateView; canRevert: boolean; onRevert(): void; onRestart(): void; busy: boolean }) {
  if (hub.state === 'running') return <Badge color="teal" variant="light" tt="none" size="lg">Running at {hub.issuer}</Badge>;
  if (hub.state !== 'failed') return <Badge color="gray" variant="light" tt="none" size="lg">{hub.state === 'restarting' ? `Restarting: ${hub.reason}` : `Hub ${hub.state}…`}</Badge>;
  return (
    <Alert color="red" variant="light" title="The hub is not running" icon={<IconAlertTriangle aria-hidden />} role="alert">
      <Stack gap="xs">
        <Text size="sm">{hub.reason}</Text>
        <Group gap="sm">
          {canRevert ? <Button size="xs" onClick={onRevert} loading={busy}>Go back to the last working settings</Button> : null}
          <Button size="xs" variant="default" onClick={onRestart} loading={busy}>{hub.deterministic ? 'Try again' : 'Restart hub'}</Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function ListenFields({ form, set, error }: { form: DesktopSettings; set(patch: Partial<DesktopSettings>): void; error: AdminError | null }) {
  const own = form.certificate ?? { certFile: '', keyFile: '' };
  return (
    <Radio.Group label="Where the hub listens" value={form.listen} onChange={(listen) => set({ listen: listen as DesktopSettings['listen'] })} error={fieldError(error, 'listen')}>
      <Stack gap="xs" mt="xs">
        <Radio value="loopback" label="This computer only" description="Only apps on this computer can sign in (127.0.0.1)." />
        <Radio value="lan-https" label="The local network, over HTTPS" description="Devices on the network sign in over an encrypted connection." />
        {form.listen === 'lan-https' ? (
          <Stack gap="xs" pl="xl">
            <Checkbox label="Use my own certificate instead of the one the hub generates" checked={form.certificate !== null} onChange={(e) => set({ certificate: e.currentTarget.checked ? own : null })} />
            {form.certificate ? (
              <Group grow align="flex-start">
                <TextInput label="Certificate file (PEM)" value={own.certFile} onChange={(e) => set({ certificate: { ...own, certFile: e.currentTarget.value } })} error={fieldError(error, 'certificate.certFile') ?? fieldError(error, 'certificate')} />
                <TextInput label="Private key file (PEM)" value={own.keyFile} onChange={(e) => set({ certificate: { ...own, keyFile: e.currentTarget.value } })} error={fieldError(error, 'certificate.keyFile')} />
              </Group>
            ) : null}
          </Stack>
        ) : null}
        <Radio value="lan-http" label="The local network, over plain HTTP (not recommended)" description="Like lanyard serve --insecure-http." />
        {form.listen === 'lan-http' ? (
          <Checkbox
            pl="xl"
            color="red"
            label="I accept that passwords, codes and tokens cross this network readable by any device on it"
            checked={form.insecureHttp}
            onChange={(e) => set({ insecureHttp: e.currentTarget.checked })}
            error={fieldError(error, 'insecureHttp')}
          />
        ) : null}
      </Stack>
    </Radio.Group>
  );
}

export function DesktopSettingsCard({ bridge }: { bridge: DesktopBridge }) {
  const { view, error, busy, run } = useDesktop(bridge);
  // The operator's edits; until the first one, the form shows the stored settings.
  const [draft, setForm] = useState<DesktopSettings | null>(null);
  const form = draft ?? view?.settings ?? null;
  if (!view || !form) return <ErrorAlert error={error} title="The desktop settings could not be loaded" />;
  const set = (patch: Partial<DesktopSettings>) => setForm({ ...form, ...patch });

  const save = async () => {
    const saved = await run(() => bridge.save({ ...form, dataDir: form.dataDir?.trim() || null }));
    if (!saved) return;
    setForm(saved.settings);
    notifications.show({ color: saved.hub.state === 'running' ? 'teal' : 'red', message: saved.hub.state === 'running' ? `Saved. The hub restarted at ${saved.hub.issuer}; the dashboard shows its new addresses.` : 'Saved, but the hub did not start; see above.' });
  };
  const revert = async () => {
    const back = await run(() => bridge.revert());
    if (back) setForm(back.settings);
  };

  return (
    <Card withBorder padding="lg">
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Stack>
          <Group justify="space-between">
            <Title order={2} size="h4">Desktop app</Title>
            <HubState hub={view.hub} canRevert={view.lastWorking !== null} onRevert={() => void revert()} onRestart={() => void run(() => bridge.restartHub())} busy={busy} />
          </Group>
          <ListenFields form={form} set={set} error={error} />
          <TextInput
            label="Data folder"
            description={`Empty: the folder the lanyard command uses (${view.cliDataDir}). Another folder holds another hub; give the command --data to reach it.`}
            placeholder={view.cliDataDir}
            value={form.dataDir ?? ''}
            onChange={(e) => set({ dataDir: e.currentTarget.value || null })}
            error={fieldError(error, 'dataDir')}
          />
          <Select
            label="When the window is closed"
            data={[{ value: 'hide', label: 'Keep serving in the background' }, { value: 'quit', label: 'Quit Lanyard' }, { value: 'ask', label: 'Ask' }]}
            value={form.closeAction}
            onChange={(value) => value && set({ closeAction: value as DesktopSettings['closeAction'] })}
            allowDeselect={false}
          />
          <ErrorAlert error={error} title="Not saved" />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              Logs: <Anchor component="button" type="button" size="sm" onClick={() => void bridge.openLogs()}>{view.logsDir}</Anchor>
            </Text>
            <Group gap="sm">
              <Button variant="default" onClick={() => setForm(null)}>Undo changes</Button>
              <Button type="submit" loading={busy}>Save and restart the hub</Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
