// Settings: the language, the desktop app's own settings, the hub's stored settings (where it
// listens, how it is reached, default token lifetimes, the default role for application-created
// users), second factors and backups.
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

/** What the form changes in the stored settings: only the fields that differ (an emptied number is sent as NaN, for the hub to refuse on its field). */
function changedSettings(form: Form, stored: Settings): OperationInput<'settings.update'> {
  const number = (value: number | '') => (value === '' ? Number.NaN : value);
  const changes: OperationInput<'settings.update'> = {};
  if (form.host.trim() !== stored.host) changes.host = form.host.trim();
  if (form.port !== stored.port) changes.port = number(form.port);
  const issuer = form.issuer.trim() || null;
  if (issuer !== stored.issuer) changes.issuer = issuer;
  if (form.mdns !== stored.mdns) changes.mdns = form.mdns;
  if (form.defaultAccessTokenTtl !== stored.defaultAccessTokenTtl) changes.defaultAccessTokenTtl = number(form.defaultAccessTokenTtl);
  if (form.defaultRefreshTokenTtl !== stored.defaultRefreshTokenTtl) changes.defaultRefreshTokenTtl = number(form.defaultRefreshTokenTtl);
  if (form.defaultApplicationRole !== stored.defaultApplicationRole) changes.defaultApplicationRole = form.defaultApplicationRole;
  return changes;
}

/** The form's values, and saving what changed (or saying nothing did). */
function useSettingsForm(settings: Settings, onSaved: (restartRequired: boolean) => void) {
  const update = useMutation('settings.update');
  const { t } = useTranslation();
  const [form, setForm] = useState<Form>(() => toForm(settings));
  const set = <F extends keyof Form>(field: F, value: Form[F]) => setForm((f) => ({ ...f, [field]: value }));
  const save = async () => {
    const changes = changedSettings(form, settings);
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
  return { form, set, save, undo: () => setForm(toForm(settings)), update };
}

type FormState = ReturnType<typeof useSettingsForm>;

/** The stored settings as a form: only what changed is sent. */
function SettingsForm({ settings, showHost, onSaved }: { settings: Settings; showHost: boolean; onSaved: (restartRequired: boolean) => void }) {
  const state = useSettingsForm(settings, onSaved);
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void state.save();
        }}
      >
        <Stack>
          <WhereFields state={state} showHost={showHost} />
          <Group grow align="flex-start">
            <SecondsInput state={state} field="defaultAccessTokenTtl" label={t('console.settings.accessTtl')} />
            <SecondsInput state={state} field="defaultRefreshTokenTtl" label={t('console.settings.refreshTtl')} />
          </Group>
          <DefaultRoleSelect state={state} />
          <ErrorAlert error={state.update.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={state.undo}>
              {t('console.settings.undo')}
            </Button>
            <Button type="submit" loading={state.update.loading}>
              {t('console.settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** Where the hub listens and how it is reached: host (not in the desktop app), port, issuer, DNS-SD. */
function WhereFields({ state: { form, set, update }, showHost }: { state: FormState; showHost: boolean }) {
  const { t } = useTranslation();
  return (
    <>
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
    </>
  );
}

/** A default token lifetime in seconds, with what that is in words below it. */
function SecondsInput({ state: { form, set, update }, field, label }: { state: FormState; field: 'defaultAccessTokenTtl' | 'defaultRefreshTokenTtl'; label: string }) {
  const { t } = useTranslation();
  const value = form[field];
  return (
    <NumberInput
      label={label}
      description={value ? `= ${formatDuration(Number(value))}` : t('console.common.seconds')}
      suffix=" s"
      min={60}
      clampBehavior="none"
      allowDecimal={false}
      value={value}
      onChange={(v) => set(field, typeof v === 'number' ? v : '')}
      error={fieldError(update.error, field)}
    />
  );
}

/** The role given to users an application creates without naming one. */
function DefaultRoleSelect({ state: { form, set, update } }: { state: FormState }) {
  const { t } = useTranslation();
  const roles = useOperation('roles.list', {}, { refreshOn: ['role.changed'] });
  // Only roles marked assignable (Roles screen) can be the default; the hub refuses any other.
  const assignableRoles = (roles.data ?? []).filter((r) => r.assignable).map((r) => r.name);
  return (
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
  );
}
