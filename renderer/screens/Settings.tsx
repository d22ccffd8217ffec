import { useState } from 'react';
import { Alert, Button, Card, Group, Loader, NumberInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefreshAlert } from '@tabler/icons-react';
import type { OperationInput, Settings } from '../../shared/admin-contract.ts';
import { fieldError, useMutation } from '../lib/mutation.ts';
import { useOperation } from '../lib/operation.ts';
import { ErrorAlert, PageHeader } from '../components/common.tsx';
import { formatDuration } from '../lib/format.ts';
import { DesktopSettingsCard, desktopBridge } from './DesktopSettings.tsx';

type Form = { host: string; port: number | ''; issuer: string; mdns: boolean; defaultAccessTokenTtl: number | ''; defaultRefreshTokenTtl: number | ''; defaultApplicationRole: string | null };
const toForm = (s: Settings): Form => ({
  host: s.host,
  port: s.port,
  issuer: s.issuer ?? '',
  mdns: s.mdns,
  defaultAccessTokenTtl: s.defaultAccessTokenTtl,
  defaultRefreshTokenTtl: s.defaultRefreshTokenTtl,
  defaultApplicationRole: s.defaultApplicationRole,
});

export function SettingsScreen() {
  const settings = useOperation('settings.get', {}, { refreshOn: ['settings.changed'] });
  const [restartRequired, setRestartRequired] = useState(false);
  // Inside the desktop app, where the hub listens is the desktop's setting (below), not the stored host.
  const desktop = desktopBridge();
  return (
    <Stack maw={720}>
      <PageHeader title="Settings" description="Where the hub listens and how long tokens live by default. Each application can override the lifetimes." />
      {desktop ? <DesktopSettingsCard bridge={desktop} /> : null}
      <ErrorAlert error={settings.error} title="The settings could not be loaded" />
      {restartRequired ? (
        <Alert color="orange" variant="light" icon={<IconRefreshAlert aria-hidden />} title="Restart needed" role="status">
          The hub keeps its old address and network announcement until it restarts. Restart it from the desktop app or the service manager, then reconnect at the new address.
          {desktop ? (
            <Button mt="xs" size="xs" display="block" onClick={() => void desktop.restartHub().then(() => setRestartRequired(false))}>
              Restart the hub now
            </Button>
          ) : null}
        </Alert>
      ) : null}
      {settings.data ? (
        // Keyed by the stored values: the form starts again from them whenever they change.
        <SettingsForm
          key={JSON.stringify(settings.data)}
          settings={settings.data}
          showHost={!desktop}
          onSaved={(restart) => {
            setRestartRequired((r) => r || restart);
            settings.reload();
          }}
        />
      ) : settings.loading ? (
        <Loader aria-label="Loading settings" />
      ) : null}
    </Stack>
  );
}

/** The stored settings as a form: only what changed is sent. */
function SettingsForm({ settings, showHost, onSaved }: { settings: Settings; showHost: boolean; onSaved: (restartRequired: boolean) => void }) {
  const update = useMutation('settings.update');
  const roles = useOperation('roles.list', {}, { refreshOn: ['role.changed'] });
  // Only roles marked assignable (Roles screen) can be the default; the hub refuses any other.
  const assignableRoles = (roles.data ?? []).filter((r) => r.assignable).map((r) => r.name);
  const [form, setForm] = useState<Form>(() => toForm(settings));
  const set = <F extends keyof Form>(field: F, value: Form[F]) => setForm((f) => ({ ...f, [field]: value }));

  const save = async () => {
    const current = settings;
    const changes: OperationInput<'settings.update'> = {};
    if (form.host.trim() !== current.host) changes.host = form.host.trim();
    if (form.port !== current.port) changes.port = form.port === '' ? Number.NaN : form.port;
    const issuer = form.issuer.trim() || null;
    if (issuer !== current.issuer) changes.issuer = issuer;
    if (form.mdns !== current.mdns) changes.mdns = form.mdns;
    if (form.defaultAccessTokenTtl !== current.defaultAccessTokenTtl) changes.defaultAccessTokenTtl = form.defaultAccessTokenTtl === '' ? Number.NaN : form.defaultAccessTokenTtl;
    if (form.defaultRefreshTokenTtl !== current.defaultRefreshTokenTtl) changes.defaultRefreshTokenTtl = form.defaultRefreshTokenTtl === '' ? Number.NaN : form.defaultRefreshTokenTtl;
    if (form.defaultApplicationRole !== current.defaultApplicationRole) changes.defaultApplicationRole = form.defaultApplicationRole;
    if (Object.keys(changes).length === 0) {
      notifications.show({ message: 'Nothing changed.' });
      return;
    }
    const result = await update.run(changes);
    if (result) {
      notifications.show({ color: 'teal', message: result.restartRequired ? 'Saved. Restart the hub to apply the change.' : 'Saved.' });
      onSaved(result.restartRequired);
    }
  };

  return (
    <Card withBorder padding="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <Group grow align="flex-start">
            {showHost ? (
              <TextInput
                label="Bind host"
                description="0.0.0.0 listens on every network; 127.0.0.1 only on this computer."
                value={form.host}
                onChange={(e) => set('host', e.currentTarget.value)}
                error={fieldError(update.error, 'host')}
              />
            ) : null}
            <NumberInput
              label="Port"
              description="0 picks a free port."
              min={0}
              max={65535}
              allowDecimal={false}
              value={form.port}
              onChange={(v) => set('port', typeof v === 'number' ? v : '')}
              error={fieldError(update.error, 'port')}
            />
          </Group>
          <TextInput
            label="Issuer"
            description="The address applications use to find the hub. Leave empty to derive it from the host and port."
            placeholder="http://lanyard.local:9090"
            value={form.issuer}
            onChange={(e) => set('issuer', e.currentTarget.value)}
            error={fieldError(update.error, 'issuer')}
          />
          <Switch
            label="Announce the hub on the local network"
            description="Devices and the lanyard discover command find it over DNS-SD (mDNS) with its issuer and certificate fingerprint. A hub that listens on this computer only is never announced."
            checked={form.mdns}
            onChange={(e) => set('mdns', e.currentTarget.checked)}
            error={fieldError(update.error, 'mdns')}
          />
          <Group grow align="flex-start">
            <NumberInput
              label="Default access token lifetime"
              description={form.defaultAccessTokenTtl ? `= ${formatDuration(Number(form.defaultAccessTokenTtl))}` : 'seconds'}
              suffix=" s"
              min={60}
              clampBehavior="none"
              allowDecimal={false}
              value={form.defaultAccessTokenTtl}
              onChange={(v) => set('defaultAccessTokenTtl', typeof v === 'number' ? v : '')}
              error={fieldError(update.error, 'defaultAccessTokenTtl')}
            />
            <NumberInput
              label="Default refresh token lifetime"
              description={form.defaultRefreshTokenTtl ? `= ${formatDuration(Number(form.defaultRefreshTokenTtl))}` : 'seconds'}
              suffix=" s"
              min={60}
              clampBehavior="none"
              allowDecimal={false}
              value={form.defaultRefreshTokenTtl}
              onChange={(v) => set('defaultRefreshTokenTtl', typeof v === 'number' ? v : '')}
              error={fieldError(update.error, 'defaultRefreshTokenTtl')}
            />
          </Group>
          <Select
            label="Role for users that applications create"
            description="Given to a user an application creates (users:create) without naming a role. Only roles ticked “Applications may give it” on the Roles screen can be chosen."
            placeholder="None: applications must name a role"
            clearable
            data={[...new Set([...assignableRoles, ...(form.defaultApplicationRole ? [form.defaultApplicationRole] : [])])]}
            value={form.defaultApplicationRole}
            onChange={(v) => set('defaultApplicationRole', v)}
            error={fieldError(update.error, 'defaultApplicationRole')}
          />
          <ErrorAlert error={update.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setForm(toForm(settings))}>
              Undo changes
            </Button>
            <Button type="submit" loading={update.loading}>
              Save settings
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
