// The sign-out addresses of an application that signs people in through the browser: where it
// may send them after they sign out at the hub (matched exactly, like redirect URIs), and where
// the hub tells it that someone signed out (OpenID Back-Channel Logout).
import { TextInput, Textarea } from '@mantine/core';
import type { Client } from '../../../shared/admin-contract.ts';

/** The two fields as the form holds them: the URIs one per line, and one URI or nothing. */
export type LogoutDraft = { postLogoutRedirectUris: string; backchannelLogoutUri: string };

export const logoutDraft = (client: Client | null): LogoutDraft => ({
  postLogoutRedirectUris: client?.postLogoutRedirectUris.join('\n') ?? '',
  backchannelLogoutUri: client?.backchannelLogoutUri ?? '',
});

/** The back-channel URI for clients.update: empty removes it. */
export const backchannelValue = (draft: LogoutDraft): string | null => draft.backchannelLogoutUri.trim() || null;

type Errors = { postLogoutRedirectUris?: string | undefined; backchannelLogoutUri?: string | undefined };

export function LogoutFields({ value, onChange, errors }: { value: LogoutDraft; onChange: (next: LogoutDraft) => void; errors: Errors }) {
  return (
    <>
      <Textarea
        label="Post-logout redirect URIs"
        description="Where the application may send people after they sign out at the hub. One per line, matched exactly."
        autosize
        minRows={1}
        value={value.postLogoutRedirectUris}
        onChange={(e) => onChange({ ...value, postLogoutRedirectUris: e.currentTarget.value })}
        error={errors.postLogoutRedirectUris}
      />
      <TextInput
        label="Back-channel logout URI"
        description="Optional. When someone signs out, the hub posts a signed logout token here so the application can end its own session."
        placeholder="https://app.local/backchannel-logout"
        value={value.backchannelLogoutUri}
        onChange={(e) => onChange({ ...value, backchannelLogoutUri: e.currentTarget.value })}
        error={errors.backchannelLogoutUri}
      />
    </>
  );
}
