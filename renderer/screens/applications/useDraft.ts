// The create wizard's state: the application being described, which step is showing, and the
// step to go back to when the hub refuses a field.
import { useState } from 'react';
import { DEFAULT_GRANTS, type AdminError, type ClientKind, type GrantName, type OperationInput } from '../../../shared/admin-contract.ts';
import { lines, needsRedirects } from './fields.tsx';
import { backchannelValue, logoutDraft, type LogoutDraft } from './LogoutFields.tsx';
import { i18n } from '../../lib/i18n.ts';

export type Draft = {
  kind: ClientKind | null;
  name: string;
  redirectUris: string;
  /** Where it may send people after they sign out, and where the hub tells it (back-channel). */
  logout: LogoutDraft;
  scopes: string[];
  implicit: boolean;
  /** A device that pairs with a person's account by showing a code (RFC 8628). */
  pairWithCode: boolean;
  firstParty: boolean;
  accessTokenTtl: number | '';
  refreshTokenTtl: number | '';
};
const EMPTY_DRAFT: Draft = { kind: null, name: '', redirectUris: '', logout: logoutDraft(null), scopes: [], implicit: false, pairWithCode: false, firstParty: false, accessTokenTtl: '', refreshTokenTtl: '' };
export const LAST_STEP = 2;
/** The step that shows each field the hub may refuse. */
const STEP_OF_FIELD: Record<string, number> = { kind: 0, name: 1, redirectUris: 1, postLogoutRedirectUris: 1, backchannelLogoutUri: 1, scopes: 1, firstParty: 1, grants: 2, accessTokenTtl: 2, refreshTokenTtl: 2 };

function draftGrants(draft: Draft): GrantName[] {
  if (!draft.kind) return [];
  if (draft.kind === 'device' && draft.pairWithCode) return ['device_code', 'refresh_token'];
  const grants = [...DEFAULT_GRANTS[draft.kind]];
  if (draft.implicit && (draft.kind === 'web' || draft.kind === 'spa')) grants.push('implicit');
  return grants;
}

/** The sign-out addresses of an application that signs people in through the browser, as far as they are given. */
function logoutInput(draft: Draft, grants: GrantName[]): Pick<OperationInput<'clients.create'>, 'postLogoutRedirectUris' | 'backchannelLogoutUri'> {
  if (!needsRedirects(grants)) return {};
  const postLogoutRedirectUris = lines(draft.logout.postLogoutRedirectUris);
  const backchannelLogoutUri = backchannelValue(draft.logout);
  return { ...(postLogoutRedirectUris.length ? { postLogoutRedirectUris } : {}), ...(backchannelLogoutUri ? { backchannelLogoutUri } : {}) };
}

/** What clients.create is sent for a finished draft. */
export function createInput(draft: Draft & { kind: ClientKind }): OperationInput<'clients.create'> {
  const grants = draftGrants(draft);
  return {
    kind: draft.kind,
    name: draft.name,
    grants,
    redirectUris: needsRedirects(grants) ? lines(draft.redirectUris) : [],
    ...logoutInput(draft, grants),
    scopes: draft.scopes,
    ...(draft.accessTokenTtl !== '' ? { accessTokenTtl: draft.accessTokenTtl } : {}),
    ...(draft.refreshTokenTtl !== '' ? { refreshTokenTtl: draft.refreshTokenTtl } : {}),
    firstParty: draft.kind === 'first_party' || draft.firstParty,
  };
}

export function useDraft() {
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  /** What the wizard itself refuses before asking the hub. */
  const [missing, setMissing] = useState<AdminError | null>(null);
  const set = <F extends keyof Draft>(field: F, value: Draft[F]) => setDraft((d) => ({ ...d, [field]: value }));
  const next = () => {
    setMissing(null);
    if (step === 0 && !draft.kind) return setMissing({ code: 'invalid_input', message: i18n.t('console.wizard.chooseKind'), fields: { kind: i18n.t('console.wizard.chooseOne') } });
    if (step === 1 && !draft.name.trim()) return setMissing({ code: 'invalid_input', message: i18n.t('console.wizard.giveName'), fields: { name: i18n.t('console.wizard.needsName') } });
    setStep((s) => Math.min(s + 1, LAST_STEP));
  };
  /** Shows the step that holds the first field the hub refused. */
  const showRefusal = (error: AdminError) => {
    const first = Object.keys(error.fields ?? {})[0]?.split('.')[0];
    if (first && STEP_OF_FIELD[first] !== undefined) setStep(STEP_OF_FIELD[first]);
  };
  return { step, setStep, draft, set, grants: draftGrants(draft), next, missing, showRefusal };
}

export type DraftState = ReturnType<typeof useDraft>;
