import { useState } from 'react';
import { Alert, Button, Card, Group, Loader, NumberInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefreshAlert } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { OperationInput, Settings } from '../../shared/admin-contract.ts';
import { fieldError, useMutation } from '../lib/mutation.ts';
import { useOperation } from '../lib/operation.ts';
import { ErrorAlert, PageHeader } from '../components/common.tsx';
import { formatDuration } from '../lib/format.ts';
import { Backups } from './settings/Backups.tsx';
import { DesktopSettingsCard, desktopBridge } from './DesktopSettings.tsx';
import { LanguageCard } from './settings/LanguageCard.tsx';
import { SecondFactorSettings } from './settings/SecondFactorSettings.tsx';

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
  const { t } = useTranslation();
  const [restartRequired, setRestartRequired] = useState(false);
  // Inside the desktop app, where the hub listens is the desktop's setting (below), not the stored host.
  const desktop = desktopBridge();
  return (
    <Stack maw={720}>
      <PageHeader title={t('console.nav.settings')} description={t('console.settings.description')} />
      <LanguageCard />
      {desktop ? <DesktopSettingsCard bridge={desktop} /> : null}
      <ErrorAlert error={settings.error} title={t('console.settings.loadFailed')} />
      {restartRequired ? (
        <Alert color="orange" variant="light" icon={<IconRefreshAlert aria-hidden />} title={t('console.settings.restartNeeded')} role="status">
          {t('console.settings.restartExplain')}
          {desktop ? (
            <Button mt="xs" size="xs" display="block" onClick={() => void desktop.restartHub().then(() => setRestartRequired(false))}>
              {t('console.settings.restartNow')}
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
        <Loader aria-label={t('console.settings.loading')} />
      ) : null}
      <SecondFactorSettings />
      <Backups />
    </Stack>
  );
}

/** The stored settings as a form: only what changed is sent. */
function SettingsForm({ settings, showHost, onSaved }: { settings: Settings; showHost: boolean; onSaved: (restartRequired: boolean) => void }) {
  const update = useMutation('settings.update');
  const { t } = useTranslation();
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
      notifications.show({ message: t('console.settings.nothingChanged') });
      return;
    }
    const result = await update.run(changes);
    if (result) {
      notifications.show({ color: 'teal', message: result.restartRequired ? t('console.settings.savedRestart') : t('console.settings.saved') });
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
                label={t('console.settings.host')}
                description={t('console.settings.hostHelp')}
                value={form.host}
                onChange={(e) => set('host', e.currentTarget.value)}
                error={fieldError(update.error, 'host')}
              />
            ) : null}
            <NumberInput
              label={t('console.settings.port')}
              description={t('console.settings.portHelp')}
              min={0}
              max={65535}
              allowDecimal={false}
              value={form.port}
              onChange={(v) => set('port', typeof v === 'number' ? v : '')}
              error={fieldError(update.error, 'port')}
            />
          </Group>
          <TextInput
            label={t('console.settings.issuer')}
            description={t('console.settings.issuerHelp')}
            placeholder="http://lanyard.local:9090"
            value={form.issuer}
            onChange={(e) => set('issuer', e.currentTarget.value)}
            error={fieldError(update.error, 'issuer')}
          />
          <Switch
            label={t('console.settings.mdns')}
            description={t('console.settings.mdnsHelp')}
            checked={form.mdns}
            onChange={(e) => set('mdns', e.currentTarget.checked)}
            error={fieldError(update.error, 'mdns')}
          />
          <Group grow align="flex-start">
            <NumberInput
              label={t('console.settings.accessTtl')}
              description={form.defaultAccessTokenTtl ? `= ${formatDuration(Number(form.defaultAccessTokenTtl))}` : t('console.common.seconds')}
              suffix=" s"
              min={60}
              clampBehavior="none"
              allowDecimal={false}
              value={form.defaultAccessTokenTtl}
              onChange={(v) => set('defaultAccessTokenTtl', typeof v === 'number' ? v : '')}
              error={fieldError(update.error, 'defaultAccessTokenTtl')}
            />
            <NumberInput
              label={t('console.settings.refreshTtl')}
              description={form.defaultRefreshTokenTtl ? `= ${formatDuration(Number(form.defaultRefreshTokenTtl))}` : t('console.common.seconds')}
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
            label={t('console.settings.defaultRole')}
            description={t('console.settings.defaultRoleHelp')}
            placeholder={t('console.settings.defaultRoleNone')}
            clearable
            data={[...new Set([...assignableRoles, ...(form.defaultApplicationRole ? [form.defaultApplicationRole] : [])])]}
            value={form.defaultApplicationRole}
            onChange={(v) => set('defaultApplicationRole', v)}
            error={fieldError(update.error, 'defaultApplicationRole')}
          />
          <ErrorAlert error={update.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setForm(toForm(settings))}>
              {t('console.settings.undo')}
            </Button>
            <Button type="submit" loading={update.loading}>
              {t('console.settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
