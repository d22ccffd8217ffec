// The sign-out addresses of an application that signs people in through the browser: where it
// may send them after they sign out at the hub (matched exactly, like redirect URIs), and where
// the hub tells it that someone signed out (OpenID Back-Channel Logout).
import { TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/admin-contract.ts';

/** The two fields as the form holds them: the URIs one per line, and one URI or nothing. */
export type LogoutDraft = { postLogoutRedirectUris: string; backchannelLogoutUri: string };

export const logoutDraft = (client: Client | null): LogoutDraft => ({
  postLogoutRedirectUris: client?.postLogoutRedirectUris.join('\n') ?? '',
  backchannelLogoutUri: client?.backchannelLogoutUri ?? '',
});

/** The back-channel URI as clients.create/update take it: empty is none (update: removes it). */
export const backchannelValue = (draft: LogoutDraft): string | null => draft.backchannelLogoutUri.trim() || null;

type Errors = { postLogoutRedirectUris?: string | undefined; backchannelLogoutUri?: string | undefined };

export function LogoutFields({ value, onChange, errors }: { value: LogoutDraft; onChange: (next: LogoutDraft) => void; errors: Errors }) {
  const { t } = useTranslation();
  return (
    <>
      <Textarea
        label={t('console.logout.redirects')}
        description={t('console.logout.redirectsHelp')}
        autosize
        minRows={1}
        value={value.postLogoutRedirectUris}
        onChange={(e) => onChange({ ...value, postLogoutRedirectUris: e.currentTarget.value })}
        error={errors.postLogoutRedirectUris}
      />
      <TextInput
        label={t('console.logout.backchannel')}
        description={t('console.logout.backchannelHelp')}
        placeholder="https://app.local/backchannel-logout"
        value={value.backchannelLogoutUri}
        onChange={(e) => onChange({ ...value, backchannelLogoutUri: e.currentTarget.value })}
        error={errors.backchannelLogoutUri}
      />
    </>
  );
}
