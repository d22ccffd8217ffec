// "Edit…": an application's name, redirect URIs, sign-out addresses, scopes, token lifetimes,
// first-party flag and, for the password grant, whether users with a second factor may use it.
// The form starts from the client it is given; key it by each opening (useDialog).
import { useState } from 'react';
import { Group, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Client } from '../../../shared/admin-contract.ts';
import { FormModal } from '../../components/modals.tsx';
import { fieldError, useMutation } from '../../lib/mutation.ts';
import { ScopeSelect, TtlInput, lines, needsRedirects } from './fields.tsx';
import { KIND_INFO } from './kinds.ts';
import { Trans, useTranslation } from 'react-i18next';
import { LogoutFields, backchannelValue, logoutDraft } from './LogoutFields.tsx';
import { PasswordWithSecondFactorSwitch } from './PasswordGrantSwitch.tsx';

export function EditApplicationModal({ client, opened, onClose }: { client: Client; opened: boolean; onClose: () => void }) {
  const update = useMutation('clients.update');
  const { t } = useTranslation();
  const [name, setName] = useState(client.name);
  const [redirectUris, setRedirectUris] = useState(client.redirectUris.join('\n'));
  const [logout, setLogout] = useState(() => logoutDraft(client));
  const [scopes, setScopes] = useState(client.scopes);
  const [accessTtl, setAccessTtl] = useState<number | ''>(client.accessTokenTtl);
  const [refreshTtl, setRefreshTtl] = useState<number | ''>(client.refreshTokenTtl);
  const [firstParty, setFirstParty] = useState(client.firstParty);
  const [passwordWithSecondFactor, setPasswordWithSecondFactor] = useState(client.passwordWithSecondFactor);
  const refreshes = client.grants.includes('refresh_token');
  const password = client.grants.includes('password');

  const save = async () => {
    const result = await update.run({
      clientId: client.clientId,
      name,
      ...(needsRedirects(client.grants) ? { redirectUris: lines(redirectUris), postLogoutRedirectUris: lines(logout.postLogoutRedirectUris), backchannelLogoutUri: backchannelValue(logout) } : {}),
      scopes,
      ...(accessTtl !== '' ? { accessTokenTtl: accessTtl } : {}),
      ...(refreshTtl !== '' && refreshes ? { refreshTokenTtl: refreshTtl } : {}),
      firstParty,
      ...(password ? { passwordWithSecondFactor } : {}),
    });
    if (result) {
      notifications.show({ color: 'teal', message: t('console.common.savedName', { name: result.name }) });
      onClose();
    }
  };
  return (
    <FormModal opened={opened} onClose={onClose} title={t('console.applications.editTitle', { name: client.name })} size="lg" submitLabel={t('console.common.saveChanges')} mutation={update} onSubmit={() => void save()}>
      <Text size="sm" c="dimmed">
        <Trans i18nKey="console.applications.editSummary" values={{ kind: t(KIND_INFO[client.kind].label), clientId: client.clientId, grants: client.grants.join(', ') }} components={{ code: <code /> }} />
      </Text>
      <TextInput label={t('console.common.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(update.error, 'name')} data-autofocus />
      {needsRedirects(client.grants) ? (
        <Textarea label={t('console.wizard.redirects')} description={t('console.applications.onePerLine')} autosize minRows={2} value={redirectUris} onChange={(e) => setRedirectUris(e.currentTarget.value)} error={fieldError(update.error, 'redirectUris')} />
      ) : null}
      {needsRedirects(client.grants) ? (
        <LogoutFields value={logout} onChange={setLogout} errors={{ postLogoutRedirectUris: fieldError(update.error, 'postLogoutRedirectUris'), backchannelLogoutUri: fieldError(update.error, 'backchannelLogoutUri') }} />
      ) : null}
      <ScopeSelect value={scopes} onChange={setScopes} error={fieldError(update.error, 'scopes')} />
      <Group grow align="flex-start">
        <TtlInput label={t('console.wizard.accessTtl')} value={accessTtl} onChange={setAccessTtl} error={fieldError(update.error, 'accessTokenTtl')} />
        {refreshes ? <TtlInput label={t('console.wizard.refreshTtl')} value={refreshTtl} onChange={setRefreshTtl} error={fieldError(update.error, 'refreshTokenTtl')} /> : null}
      </Group>
      <Switch label={t('console.wizard.firstParty')} checked={firstParty} onChange={(e) => setFirstParty(e.currentTarget.checked)} />
      {password ? <PasswordWithSecondFactorSwitch checked={passwordWithSecondFactor} onChange={setPasswordWithSecondFactor} /> : null}
    </FormModal>
  );
}
