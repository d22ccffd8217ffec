// The five kinds of application in words: what each is, its short name in tables, and what
// each grant means to an operator (keys of the shared catalogs; the screens translate them).
import type { ClientKind, GrantName } from '../../../shared/admin-contract.ts';

type KindKey = `console.kinds.${ClientKind}`;

export const KIND_INFO: Record<ClientKind, { label: `${KindKey}.label`; short: `${KindKey}.short`; explain: `${KindKey}.explain` }> = {
  web: { label: 'console.kinds.web.label', short: 'console.kinds.web.short', explain: 'console.kinds.web.explain' },
  spa: { label: 'console.kinds.spa.label', short: 'console.kinds.spa.short', explain: 'console.kinds.spa.explain' },
  device: { label: 'console.kinds.device.label', short: 'console.kinds.device.short', explain: 'console.kinds.device.explain' },
  service: { label: 'console.kinds.service.label', short: 'console.kinds.service.short', explain: 'console.kinds.service.explain' },
  first_party: { label: 'console.kinds.first_party.label', short: 'console.kinds.first_party.short', explain: 'console.kinds.first_party.explain' },
};

export const GRANT_WORDS: Record<GrantName, `console.grants.${GrantName}`> = {
  authorization_code: 'console.grants.authorization_code',
  implicit: 'console.grants.implicit',
  password: 'console.grants.password',
  client_credentials: 'console.grants.client_credentials',
  refresh_token: 'console.grants.refresh_token',
  device_code: 'console.grants.device_code',
};
