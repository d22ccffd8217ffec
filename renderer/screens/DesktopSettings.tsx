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
import { useTranslation } from 'react-i18next';

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
  const { t } = useTranslation();
  if (hub.state === 'running') return <Badge color="teal" variant="light" tt="none" size="lg">{t('console.desktop.runningAt', { issuer: hub.issuer })}</Badge>;
  if (hub.state !== 'failed') return <Badge color="gray" variant="light" tt="none" size="lg">{hub.state === 'restarting' ? t('console.desktop.restarting', { reason: hub.reason }) : t('console.desktop.state', { state: hub.state })}</Badge>;
  return (
    <Alert color="red" variant="light" title={t('console.desktop.notRunning')} icon={<IconAlertTriangle aria-hidden />} role="alert">
      <Stack gap="xs">
        <Text size="sm">{hub.reason}</Text>
        <Group gap="sm">
          {canRevert ? <Button size="xs" onClick={onRevert} loading={busy}>{t('console.desktop.revert')}</Button> : null}
          <Button size="xs" variant="default" onClick={onRestart} loading={busy}>{hub.deterministic ? t('console.desktop.tryAgain') : t('console.desktop.restart')}</Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function ListenFields({ form, set, error }: { form: DesktopSettings; set(patch: Partial<DesktopSettings>): void; error: AdminError | null }) {
  const own = form.certificate ?? { certFile: '', keyFile: '' };
  const { t } = useTranslation();
  return (
    <Radio.Group label={t('console.desktop.listen')} value={form.listen} onChange={(listen) => set({ listen: listen as DesktopSettings['listen'] })} error={fieldError(error, 'listen')}>
      <Stack gap="xs" mt="xs">
        <Radio value="loopback" label={t('console.desktop.loopback')} description={t('console.desktop.loopbackHelp')} />
        <Radio value="lan-https" label={t('console.desktop.https')} description={t('console.desktop.httpsHelp')} />
        {form.listen === 'lan-https' ? (
          <Stack gap="xs" pl="xl">
            <Checkbox label={t('console.desktop.ownCertificate')} checked={form.certificate !== null} onChange={(e) => set({ certificate: e.currentTarget.checked ? own : null })} />
            {form.certificate ? (
              <Group grow align="flex-start">
                <TextInput label={t('console.desktop.certFile')} value={own.certFile} onChange={(e) => set({ certificate: { ...own, certFile: e.currentTarget.value } })} error={fieldError(error, 'certificate.certFile') ?? fieldError(error, 'certificate')} />
                <TextInput label={t('console.desktop.keyFile')} value={own.keyFile} onChange={(e) => set({ certificate: { ...own, keyFile: e.currentTarget.value } })} error={fieldError(error, 'certificate.keyFile')} />
              </Group>
            ) : null}
          </Stack>
        ) : null}
        <Radio value="lan-http" label={t('console.desktop.http')} description={t('console.desktop.httpHelp')} />
        {form.listen === 'lan-http' ? (
          <Checkbox
            pl="xl"
            color="red"
            label={t('console.desktop.acceptHttp')}
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
  const { t } = useTranslation();
  const form = draft ?? view?.settings ?? null;
  if (!view || !form) return <ErrorAlert error={error} title={t('console.desktop.loadFailed')} />;
  const set = (patch: Partial<DesktopSettings>) => setForm({ ...form, ...patch });

  const save = async () => {
    const saved = await run(() => bridge.save({ ...form, dataDir: form.dataDir?.trim() || null }));
    if (!saved) return;
    setForm(saved.settings);
    notifications.show({ color: saved.hub.state === 'running' ? 'teal' : 'red', message: saved.hub.state === 'running' ? t('console.desktop.saved', { issuer: saved.hub.issuer }) : t('console.desktop.savedNotStarted') });
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
            <Title order={2} size="h4">{t('console.desktop.title')}</Title>
            <HubState hub={view.hub} canRevert={view.lastWorking !== null} onRevert={() => void revert()} onRestart={() => void run(() => bridge.restartHub())} busy={busy} />
          </Group>
          <ListenFields form={form} set={set} error={error} />
          <TextInput
            label={t('console.desktop.dataDir')}
            description={t('console.desktop.dataDirHelp', { dir: view.cliDataDir })}
            placeholder={view.cliDataDir}
            value={form.dataDir ?? ''}
            onChange={(e) => set({ dataDir: e.currentTarget.value || null })}
            error={fieldError(error, 'dataDir')}
          />
          <Select
            label={t('console.desktop.close')}
            data={[{ value: 'hide', label: t('console.desktop.closeHide') }, { value: 'quit', label: t('console.desktop.closeQuit') }, { value: 'ask', label: t('console.desktop.closeAsk') }]}
            value={form.closeAction}
            onChange={(value) => value && set({ closeAction: value as DesktopSettings['closeAction'] })}
            allowDeselect={false}
          />
          <ErrorAlert error={error} title={t('console.desktop.notSaved')} />
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {t('console.desktop.logs')} <Anchor component="button" type="button" size="sm" onClick={() => void bridge.openLogs()}>{view.logsDir}</Anchor>
            </Text>
            <Group gap="sm">
              <Button variant="default" onClick={() => setForm(null)}>{t('console.settings.undo')}</Button>
              <Button type="submit" loading={busy}>{t('console.desktop.save')}</Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
