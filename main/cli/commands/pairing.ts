// `lanyard pairing …`: let devices register themselves (RFC 7591). `create` prints the pairing
// string (and its QR code) carrying the issuer, the certificate fingerprint and the one-time
// initial access token; the token is shown once and never kept.
import { InvalidArgumentError, type Command } from 'commander';
import { PAIRING_GRANTS, type GrantName, type OperationOutput } from '../../../shared/admin-contract.ts';
import { DURATION_FORMS, duration, formatDuration, grantList, integer, scopeList } from '../arguments.ts';
import { common, withAdmin, type Common } from '../common.ts';
import { table } from '../output.ts';

/** Loaded only to print a QR code: every `lanyard` command, serve included, loads this module. */
const qrcode = async () => (await import('qrcode')).default;

type CreateFlags = Common & { name?: string; grants?: GrantName[]; scopes?: string; uses: number; expires: number; approval?: boolean; qr: boolean };

const MAX_EXPIRY = 30 * 86_400;

export function registerPairing(root: Command): void {
  const pairing = root.command('pairing').description('let devices register themselves (zero-touch pairing)');
  for (const declare of [create, list, revoke]) declare(pairing);
}

function pairingGrants(value: string): GrantName[] {
  const grants = grantList(value);
  const refused = grants.filter((grant) => !(PAIRING_GRANTS as readonly string[]).includes(grant));
  if (refused.length) throw new InvalidArgumentError(`a pairing cannot allow ${refused.join(', ')}; use ${PAIRING_GRANTS.join(', ')}.`);
  return grants;
}

function create(pairing: Command): void {
  common(pairing.command('create'))
    .description('make a pairing: a one-time string (and QR code) a device registers itself with')
    .option('--name <label>', 'what the pairing is for, shown beside the devices it admits')
    .option('--grants <list>', `comma-separated grants the devices may have: ${PAIRING_GRANTS.join(', ')} (default client_credentials)`, pairingGrants)
    .option('--scopes <scopes>', 'space- or comma-separated scopes the devices may have')
    .option('--uses <n>', 'how many devices may register with it', integer('--uses', 1, 1000), 1)
    .option('--expires <duration>', `how long it may be used: ${DURATION_FORMS}`, duration('--expires', 60, MAX_EXPIRY), 15 * 60)
    .option('--approval', 'each device waits for an operator to approve it before it gets tokens')
    .option('--no-qr', 'do not draw the QR code')
    .action((options: CreateFlags) =>
      withAdmin(options, async (call, out) => {
        const created = await call('pairings.create', {
          name: options.name,
          grants: options.grants,
          scopes: options.scopes === undefined ? undefined : scopeList(options.scopes),
          uses: options.uses,
          expiresInSeconds: options.expires,
          requiresApproval: !!options.approval,
        });
        const qr = options.qr && !options.json ? await (await qrcode()).toString(created.pairingUri, { type: 'utf8', errorCorrectionLevel: 'M' }) : '';
        out.print(createdJson(created), () => createdText(created, options.expires, qr));
      }));
}

/** The --json shape device tooling scripts against (snake_case, as the registration protocol). */
function createdJson(created: OperationOutput<'pairings.create'>) {
  return {
    id: created.pairing.id,
    name: created.pairing.name,
    initial_access_token: created.initialAccessToken,
    registration_endpoint: created.registrationEndpoint,
    issuer: created.issuer,
    fingerprint: created.fingerprint,
    pairing_uri: created.pairingUri,
    expires_at: created.pairing.expiresAt,
    uses: created.pairing.usesAllowed,
    grants: created.pairing.grants,
    scopes: created.pairing.scopes,
    requires_approval: created.pairing.requiresApproval,
  };
}

function createdText(created: OperationOutput<'pairings.create'>, seconds: number, qr: string): string {
  const { pairing } = created;
  return [
    `Pairing ${pairing.name} (${pairing.id}): ${pairing.usesAllowed} device(s), for ${formatDuration(seconds)} (until ${pairing.expiresAt})${pairing.requiresApproval ? '; each device waits for approval' : ''}.`,
    ...(qr ? ['', qr] : []),
    'Pairing string (give it to the device; shown only now):',
    created.pairingUri,
    '',
    `issuer:                ${created.issuer}`,
    `fingerprint (SHA-256): ${created.fingerprint ?? '(none: the hub serves plain HTTP)'}`,
    `registration endpoint: ${created.registrationEndpoint}`,
    `initial access token:  ${created.initialAccessToken}`,
  ].join('\n');
}

function list(pairing: Command): void {
  common(pairing.command('list'))
    .description('list pairings, newest first')
    .action((options: Common) =>
      withAdmin(options, async (call, out) => {
        const pairings = await call('pairings.list', {});
        out.print(pairings, () => table(pairings.map((p) => ({ ...p, uses: `${p.uses}/${p.usesAllowed}` })), ['id', 'name', 'state', 'uses', 'grants', 'scopes', 'expiresAt']));
      }));
}

function revoke(pairing: Command): void {
  common(pairing.command('revoke <id>'))
    .description('stop a pairing from admitting more devices (devices it admitted stay)')
    .action((id: string, options: Common) =>
      withAdmin(options, async (call, out) => {
        const revoked = await call('pairings.revoke', { id });
        out.print(revoked, () => `Pairing ${revoked.name} (${revoked.id}) revoked; the devices it admitted keep their registrations.`);
      }));
}
