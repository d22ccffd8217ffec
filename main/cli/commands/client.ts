// `lanyard client …`: applications and devices (OAuth clients). A confidential client's secret is
// printed once, when it is made or rotated, and never kept.
import { Option, type Command } from 'commander';
import { GRANT_NAMES, TtlSeconds, type Client, type GrantName } from '../../../shared/admin-contract.ts';
import { inferKind } from '../../hub/domain/clients.ts';
import { DURATION_FORMS, duration, grantList, repeatable, scopeList } from '../arguments.ts';
import { collectPages, common, withAdmin, type Common } from '../common.ts';
import { table } from '../output.ts';

type AddFlags = Common & { name: string; grants: GrantName[]; redirectUri: string[]; postLogoutRedirectUri: string[]; backchannelLogoutUri?: string; scopes: string; public?: boolean; firstParty?: boolean; kind?: string; accessTtl?: number; refreshTtl?: number };

export function registerClient(root: Command): void {
  const client = root.command('client').description('manage applications and devices (OAuth clients)');
  for (const declare of [add, list, rotateSecret, disableAndEnable, remove]) declare(client);
}

const lifetime = (flag: string) => duration(flag, TtlSeconds.minValue!, TtlSeconds.maxValue!);

function add(client: Command): void {
  common(client.command('add'))
    .description('register a client; prints its secret once')
    .requiredOption('--name <name>', 'what operators and users see')
    .requiredOption('--grants <list>', `comma-separated grants: ${GRANT_NAMES.join(', ')}`, grantList)
    .option('--redirect-uri <uri>', 'an exact redirect URI (repeat for several)', repeatable, [])
    .option('--post-logout-redirect-uri <uri>', 'where users may return after signing out, matched exactly (repeat for several)', repeatable, [])
    .option('--backchannel-logout-uri <uri>', 'where the hub posts a logout token when a user signs out (OpenID Back-Channel Logout)')
    .option('--scopes <scopes>', 'space- or comma-separated scopes the client may have', '')
    .option('--public', 'a public client (SPA, mobile app): no secret, PKCE required')
    .option('--first-party', 'trusted first-party app: users are not asked for consent')
    .addOption(new Option('--kind <kind>', 'what kind of application (default: inferred from the grants)').choices(['web', 'spa', 'device', 'service', 'first_party']))
    .option('--access-ttl <duration>', `access-token lifetime: ${DURATION_FORMS} (default: the hub's setting)`, lifetime('--access-ttl'))
    .option('--refresh-ttl <duration>', `refresh-token lifetime: ${DURATION_FORMS} (default: the hub's setting)`, lifetime('--refresh-ttl'))
    .action((options: AddFlags) =>
      withAdmin(options, async (call, out) => {
        const { client: created, clientSecret } = await call('clients.create', createInput(options));
        const result = clientSecret ? { client_id: created.clientId, client_secret: clientSecret } : { client_id: created.clientId };
        out.print(result, () => [`Client ${created.name} registered.`, `client_id:     ${created.clientId}`, ...secretLines(clientSecret)].join('\n'));
      }));
}

/** `client add`'s flags as the admin contract's clients.create input. */
function createInput(options: AddFlags) {
  const isPublic = !!options.public;
  return {
    kind: options.kind ?? inferKind(options.grants, isPublic),
    public: isPublic,
    name: options.name,
    grants: options.grants,
    redirectUris: options.redirectUri,
    postLogoutRedirectUris: options.postLogoutRedirectUri,
    backchannelLogoutUri: options.backchannelLogoutUri,
    scopes: scopeList(options.scopes),
    accessTokenTtl: options.accessTtl,
    refreshTokenTtl: options.refreshTtl,
    firstParty: options.firstParty,
  };
}

const secretLines = (clientSecret: string | null) =>
  clientSecret ? [`client_secret: ${clientSecret}`, '', 'Store the secret now: it is not kept and will not be shown again.'] : ['(public client: no secret; it must use PKCE)'];

function list(client: Command): void {
  common(client.command('list'))
    .description('list clients')
    .option('--search <text>', 'only names or ids containing this')
    .action((options: Common & { search?: string }) =>
      withAdmin(options, async (call, out) => {
        const clients = await collectPages<Client>((cursor, limit) => call('clients.list', { query: options.search, cursor, limit }));
        const rows = clients.map((c) => ({ ...c, client_id: c.clientId, type: c.public ? 'public' : 'confidential', post_logout: c.postLogoutRedirectUris, backchannel: c.backchannelLogoutUri }));
        out.print(clients, () => table(rows, ['client_id', 'name', 'kind', 'type', 'grants', 'scopes', 'post_logout', 'backchannel', 'disabled', 'liveTokens']));
      }));
}

function rotateSecret(client: Command): void {
  common(client.command('rotate-secret <clientId>'))
    .description('replace a client secret; prints the new one once')
    .action((clientId: string, options: Common) =>
      withAdmin(options, async (call, out) => {
        const rotated = await call('clients.rotateSecret', { clientId });
        out.print({ client_id: rotated.clientId, client_secret: rotated.clientSecret }, () => `client_secret: ${rotated.clientSecret}\n\nStore it now: it will not be shown again. The old secret stopped working.`);
      }));
}

function disableAndEnable(client: Command): void {
  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    common(client.command(`${name} <clientId>`))
      .description(disabled ? 'disable a client and revoke its tokens' : 'enable a disabled client')
      .action((clientId: string, options: Common) =>
        withAdmin(options, async (call, out) => {
          const updated = await call('clients.update', { clientId, disabled });
          out.print(updated, () => `Client ${updated.name} ${disabled ? 'disabled; its tokens are revoked' : 'enabled'}`);
        }));
  }
}

function remove(client: Command): void {
  common(client.command('delete <clientId>'))
    .description('delete a client and revoke its tokens')
    .action((clientId: string, options: Common) =>
      withAdmin(options, async (call, out) => {
        await call('clients.delete', { clientId });
        out.print({ deleted: clientId }, () => `Client ${clientId} deleted`);
      }));
}
