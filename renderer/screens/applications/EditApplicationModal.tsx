// "Edit…": an application's name, redirect URIs, sign-out addresses, scopes, token lifetimes,
// first-party flag and, for the password grant, whether users with a second factor may use it.
// The form starts from the application as the hub has it now (clients.get), not from the list's
// copy, which may be older than a change just saved. Key it by each opening (useDialog).
import { useState } from 'react';
import { Group, Loader, Modal, Switch, Text, TextInput, Textarea } from '@mantine/core';
import type { Client } from '../../../shared/admin-contract.ts';
import { ErrorAlert } from '../../components/common.tsx';
import { FormBody } from '../../components/modals.tsx';
import { fieldError, useSave } from '../../lib/mutation.ts';
import { useOperation } from '../../lib/operation.ts';
import { ScopeSelect, TtlInput, lines, needsRedirects } from './fields.tsx';
import { KIND_INFO } from './kinds.ts';
import { Trans, useTranslation } from 'react-i18next';
import { LogoutFields, backchannelValue, logoutDraft } from './LogoutFields.tsx';
import { PasswordWithSecondFactorSwitch } from './PasswordGrantSwitch.tsx';

/** `client` is the list's row: it names the dialog until the current record has been read. */
export function EditApplicationModal({ client, opened, onClose }: { client: Client; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const current = useOperation('clients.get', { clientId: client.clientId });
  return (
    <Modal opened={opened} onClose={onClose} title={t('console.applications.editTitle', { name: current.data?.name ?? client.name })} size="lg" centered>
      {current.data ? (
        <EditApplicationForm client={current.data} onClose={onClose} />
      ) : current.error ? (
        <ErrorAlert error={current.error} />
      ) : (
        <Loader aria-label={t('console.applications.loadingOne')} />
      )}
    </Modal>
  );
}

function EditApplicationForm({ client, onClose }: { client: Client; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useSave('clients.update', (result) => t('console.common.savedName', { name: result.name }), onClose);
  const [name, setName] = useState(client.name);
  const [redirectUris, setRedirectUris] = useState(client.redirectUris.join('\n'));
  const [logout, setLogout] = useState(() => logoutDraft(client));
  const [scopes, setScopes] = useState(client.scopes);
  const [accessTtl, setAccessTtl] = useState<number | ''>(client.accessTokenTtl);
  const [refreshTtl, setRefreshTtl] = useState<number | ''>(client.refreshTokenTtl);
  const [firstParty, setFirstParty] = useState(client.firstParty);
  const [passwordWithSecondFactor, setPasswordWithSecondFactor] = useState(client.passwordWithSecondFactor);
  const browser = needsRedirects(client.grants);
  const refreshes = client.grants.includes('refresh_token');
  const password = client.grants.includes('password');

  const save = () =>
    update.save({
      clientId: client.clientId,
      name,
      ...(browser ? { redirectUris: lines(redirectUris), postLogoutRedirectUris: lines(logout.postLogoutRedirectUris), backchannelLogoutUri: backchannelValue(logout) } : {}),
      scopes,
      ...(accessTtl !== '' ? { accessTokenTtl: accessTtl } : {}),
      ...(refreshTtl !== '' && refreshes ? { refreshTokenTtl: refreshTtl } : {}),
      firstParty,
      ...(password ? { passwordWithSecondFactor } : {}),
    });
  return (
    <FormBody mutation={update} submitLabel={t('console.common.saveChanges')} onSubmit={() => void save()} onClose={onClose}>
      <Text size="sm" c="dimmed">
        <Trans i18nKey="console.applications.editSummary" values={{ kind: t(KIND_INFO[client.kind].label), clientId: client.clientId, grants: client.grants.join(', ') }} components={{ code: <code /> }} />
      </Text>
      {/* autoFocus as well: the form may mount after the dialog opened and placed focus. */}
      <TextInput label={t('console.common.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(update.error, 'name')} data-autofocus autoFocus />
      {browser ? (
        <>
          <Textarea label={t('console.wizard.redirects')} description={t('console.applications.onePerLine')} autosize minRows={2} value={redirectUris} onChange={(e) => setRedirectUris(e.currentTarget.value)} error={fieldError(update.error, 'redirectUris')} />
          <LogoutFields value={logout} onChange={setLogout} errors={{ postLogoutRedirectUris: fieldError(update.error, 'postLogoutRedirectUris'), backchannelLogoutUri: fieldError(update.error, 'backchannelLogoutUri') }} />
        </>
      ) : null}
      <ScopeSelect value={scopes} onChange={setScopes} error={fieldError(update.error, 'scopes')} />
      <Group grow align="flex-start">
        <TtlInput label={t('console.wizard.accessTtl')} value={accessTtl} onChange={setAccessTtl} error={fieldError(update.error, 'accessTokenTtl')} />
        {refreshes ? <TtlInput label={t('console.wizard.refreshTtl')} value={refreshTtl} onChange={setRefreshTtl} error={fieldError(update.error, 'refreshTokenTtl')} /> : null}
      </Group>
      <Switch label={t('console.wizard.firstParty')} checked={firstParty} onChange={(e) => setFirstParty(e.currentTarget.checked)} />
      {password ? <PasswordWithSecondFactorSwitch checked={passwordWithSecondFactor} onChange={setPasswordWithSecondFactor} /> : null}
    </FormBody>
  );
}
