// The five kinds of application in words: what each is, its short name in tables, and what
// each grant means to an operator.
import type { ClientKind, GrantName } from '../../../shared/admin-contract.ts';

export const KIND_INFO: Record<ClientKind, { label: string; short: string; explain: string }> = {
  web: {
    label: 'Website with a server',
    short: 'Web app',
    explain: 'A web application that runs on a server (a NAS photo library, a wiki). People sign in through their browser; the server keeps a secret.',
  },
  spa: {
    label: 'Browser or mobile app',
    short: 'SPA / mobile',
    explain: 'An app that runs entirely in the browser or on a phone. It cannot keep a secret, so it signs people in with PKCE and gets no secret.',
  },
  device: {
    label: 'Device',
    short: 'Device',
    explain: 'A thermostat, camera or sensor that acts as itself with its own secret — or a TV or speaker that pairs with a person’s account by showing a code.',
  },
  service: {
    label: 'Background service',
    short: 'Service',
    explain: 'A script or server that talks to other servers on its own, such as a nightly backup. It proves who it is with its own secret.',
  },
  first_party: {
    label: 'Trusted first-party app',
    short: 'First party',
    explain: 'An app you wrote and trust completely (your own TV app). It may ask for a username and password directly. Use this only for apps you control.',
  },
};

export const GRANT_WORDS: Record<GrantName, string> = {
  authorization_code: 'browser sign-in',
  implicit: 'implicit (legacy)',
  password: 'username + password',
  client_credentials: 'own secret',
  refresh_token: 'stays signed in',
  device_code: 'device code',
};
