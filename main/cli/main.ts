// The `lanyard` command: parse arguments, call the hub core, print. No business logic here.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { GRANT_NAMES, type Client, type GrantName, type OperationName, type OperationOutput, type Token, type User } from '../../shared/admin-contract.ts';
import { AdminFailure } from '../hub/admin/service.ts';
import { inferKind } from '../hub/domain/clients.ts';
import { openAdmin } from '../hub/admin/open.ts';
import { createHub, resolveDataDir, type TlsOption } from '../hub/index.ts';
import { createLogger } from '../hub/log.ts';
import { describeCertificate, ensureCertificate, loadCertificate } from '../hub/tls/index.ts';
import { VERSION } from '../hub/version.ts';
import { registerBackupCommands } from './commands/index.ts';
import { common, type Common } from './common.ts';
import { CliError, Output, table } from './output.ts';
import { readPasswordFromStdin } from './secret-input.ts';

const ACTOR = 'cli';

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    return number;
  };
}

function grantList(value: string): GrantName[] {
  const grants = value.split(',').map((grant) => grant.trim()).filter(Boolean);
  const unknown = grants.filter((grant) => !(GRANT_NAMES as readonly string[]).includes(grant));
  if (unknown.length) throw new InvalidArgumentError(`unknown grant ${unknown.map((g) => `"${g}"`).join(', ')}; use ${GRANT_NAMES.join(', ')}.`);
  return grants as GrantName[];
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const scopeList = (value: string | undefined) => (value ?? '').split(/[\s,]+/).filter(Boolean);

/** Follows a paged listing's cursors to the end. */
async function allPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Runs one admin operation against the data directory and prints its result. */
async function withAdmin<T>(options: Common, work: (call: <K extends OperationName>(operation: K, input: unknown) => Promise<OperationOutput<K>>, out: Output) => Promise<T>): Promise<T> {
  const out = new Output(!!options.json);
  const { admin, close } = openAdmin(resolveDataDir(options.data));
  try {
    return await work((operation, input) => admin.run(operation, input, ACTOR), out);
  } finally {
    close();
  }
}

function program(): Command {
  const root = new Command('lanyard')
    .description('Lanyard: an offline OAuth 2 hub for a home or building network.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(`lanyard: ${text.replace(/^error: /, '')}`) });

  common(root.command('serve'))
    .description('run the hub: the OAuth 2 server and the web console')
    .option('--host <addr>', 'address to bind (default: the stored setting, 127.0.0.1 at first)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', integer('--port', 0, 65535))
    .option('--issuer <url>', 'issuer URL clients use (default: derived from host and port)')
    .option('--tls', 'serve HTTPS (a self-signed certificate is generated unless --cert/--key are given)')
    .option('--cert <file>', 'PEM certificate for HTTPS (implies --tls)')
    .option('--key <file>', 'PEM private key for HTTPS (implies --tls)')
    .option('--insecure-http', 'allow plain HTTP on a LAN address (tokens cross the network in clear text)')
    .action(async (options: Common & { host?: string; port?: number; issuer?: string; tls?: boolean; cert?: string; key?: string; insecureHttp?: boolean }) => {
      if (!!options.cert !== !!options.key) throw new CliError('--cert and --key go together: give both files, or neither to use a generated certificate.');
      if (options.issuer && !URL.canParse(options.issuer)) throw new CliError(`--issuer must be an absolute URL such as https://hub.local:54443, not "${options.issuer}".`);
      const tls: TlsOption | undefined = options.cert && options.key ? { certFile: options.cert, keyFile: options.key } : options.tls ? 'generated' : undefined;
      const logger = createLogger({ json: !!options.json });
      // A restore taken by the console restarts the hub in this process, on the restored data.
      const start = () => createHub({ dataDir: resolveDataDir(options.data), host: options.host, port: options.port, issuer: options.issuer, tls, insecureHttp: options.insecureHttp, logger, onRestartRequested: () => void restart() });
      let hub = await start();
      const restart = async () => {
        logger.warn('restarting the hub on the restored data');
        try {
          await hub.close();
          hub = await start();
          await hub.listen();
        } catch (error) {
          logger.error({ err: error }, 'the hub could not restart; stopping (run lanyard serve again)');
          process.exit(1);
        }
      };
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'stopping the hub');
        hub.close().then(() => process.exit(0), () => process.exit(1));
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
      try {
        const { issuer, url } = await hub.listen();
        logger.info(`Console: ${url}/console/  (sign in as a user with the admin role; create one with: lanyard user add NAME --role admin --password-stdin)`);
        if (hub.certificate) logger.info({ fingerprint256: hub.certificate.fingerprint256 }, 'TLS certificate fingerprint (SHA-256), for devices that pin it');
      } catch (error) {
        await hub.close();
        throw new CliError((error as Error).message);
      }
    });

  registerBackupCommands(root);

  const role = root.command('role').description('manage roles: a name and the scopes (permissions) its users hold');
  common(role.command('add <name>'))
    .description('create a role')
    .option('--scopes <scopes>', 'space- or comma-separated scopes', '')
    .option('--description <text>', 'what the role is for', '')
    .action((name: string, options: Common & { scopes: string; description: string }) =>
      withAdmin(options, async (call, out) => {
        const created = await call('roles.create', { name, description: options.description, scopes: scopeList(options.scopes) });
        out.print(created, () => `Role ${created.name} created with scopes: ${created.scopes.join(' ') || '(none)'}`);
      }));
  common(role.command('list'))
    .description('list roles and their scopes')
    .action((options: Common) =>
      withAdmin(options, async (call, out) => {
        const roles = await call('roles.list', {});
        out.print(roles, () => table(roles, ['name', 'scopes', 'userCount', 'builtin']));
      }));
  common(role.command('set-scopes <name>'))
    .description("replace a role's scopes")
    .requiredOption('--scopes <scopes>', 'space- or comma-separated scopes')
    .action((name: string, options: Common & { scopes: string }) =>
      withAdmin(options, async (call, out) => {
        const updated = await call('roles.update', { name, scopes: scopeList(options.scopes) });
        out.print(updated, () => `Role ${updated.name} now has scopes: ${updated.scopes.join(' ') || '(none)'}`);
      }));
  common(role.command('delete <name>'))
    .description('delete a role nobody holds')
    .action((name: string, options: Common) =>
      withAdmin(options, async (call, out) => {
        await call('roles.delete', { name });
        out.print({ deleted: name }, () => `Role ${name} deleted`);
      }));

  const user = root.command('user').description('manage users');
  common(user.command('add <username>'))
    .description('create a user; the password is read from standard input')
    .option('--role <role>', 'a role to give (repeat for several)', collect, [])
    .option('--password-stdin', 'read the password from standard input (typed without echo on a terminal)')
    .action(async (username: string, options: Common & { role: string[]; passwordStdin?: boolean }) => {
      if (!options.passwordStdin) throw new CliError('give the password on standard input with --password-stdin, e.g. printf %s "$PASSWORD" | lanyard user add NAME --role ROLE --password-stdin');
      const password = await readPasswordFromStdin();
      await withAdmin(options, async (call, out) => {
        const created = await call('users.create', { username, password, roles: options.role });
        out.print(created, () => `User ${created.username} created (id ${created.id})${created.roles.length ? ` with role ${created.roles.join(', ')}` : ''}`);
      });
    });
  common(user.command('list'))
    .description('list users')
    .option('--search <text>', 'only usernames containing this')
    .action((options: Common & { search?: string }) =>
      withAdmin(options, async (call, out) => {
        const users = await allPages<User>((cursor) => call('users.list', { query: options.search, cursor, limit: 500 }));
        out.print(users, () => table(users, ['username', 'roles', 'disabled', 'lastLoginAt', 'id']));
      }));
  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    common(user.command(`${name} <username>`))
      .description(disabled ? 'disable a user and revoke every token they hold' : 'enable a disabled user')
      .action((username: string, options: Common) =>
        withAdmin(options, async (call, out) => {
          const updated = await call('users.update', { id: username, disabled });
          out.print(updated, () => `User ${updated.username} ${disabled ? 'disabled; their tokens are revoked' : 'enabled'}`);
        }));
  }
  common(user.command('set-password <username>'))
    .description("reset a user's password, read from standard input")
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, options: Common & { passwordStdin?: boolean }) => {
      if (!options.passwordStdin) throw new CliError('give the new password on standard input with --password-stdin.');
      const password = await readPasswordFromStdin('New password: ');
      await withAdmin(options, async (call, out) => {
        const updated = await call('users.setPassword', { id: username, password });
        out.print(updated, () => `Password of ${updated.username} changed`);
      });
    });
  common(user.command('set-roles <username>'))
    .description("replace a user's roles")
    .option('--role <role>', 'a role (repeat for several; none removes all)', collect, [])
    .action((username: string, options: Common & { role: string[] }) =>
      withAdmin(options, async (call, out) => {
        const updated = await call('users.update', { id: username, roles: options.role });
        out.print(updated, () => `User ${updated.username} now has roles: ${updated.roles.join(', ') || '(none)'}`);
      }));
  common(user.command('delete <username>'))
    .description('delete a user and revoke their tokens')
    .action((username: string, options: Common) =>
      withAdmin(options, async (call, out) => {
        await call('users.delete', { id: username });
        out.print({ deleted: username }, () => `User ${username} deleted`);
      }));

  const client = root.command('client').description('manage applications and devices (OAuth clients)');
  common(client.command('add'))
    .description('register a client; prints its secret once')
    .requiredOption('--name <name>', 'what operators and users see')
    .requiredOption('--grants <list>', `comma-separated grants: ${GRANT_NAMES.join(', ')}`, grantList)
    .option('--redirect-uri <uri>', 'an exact redirect URI (repeat for several)', collect, [])
    .option('--scopes <scopes>', 'space- or comma-separated scopes the client may have', '')
    .option('--public', 'a public client (SPA, mobile app): no secret, PKCE required')
    .option('--first-party', 'trusted first-party app: users are not asked for consent')
    .addOption(new Option('--kind <kind>', 'what kind of application (default: inferred from the grants)').choices(['web', 'spa', 'device', 'service', 'first_party']))
    .option('--access-ttl <seconds>', 'access-token lifetime', integer('--access-ttl', 60, 31_536_000))
    .option('--refresh-ttl <seconds>', 'refresh-token lifetime', integer('--refresh-ttl', 60, 31_536_000))
    .action((options: Common & { name: string; grants: GrantName[]; redirectUri: string[]; scopes: string; public?: boolean; firstParty?: boolean; kind?: string; accessTtl?: number; refreshTtl?: number }) =>
      withAdmin(options, async (call, out) => {
        const isPublic = !!options.public;
        const { client: created, clientSecret } = await call('clients.create', {
          kind: options.kind ?? inferKind(options.grants, isPublic),
          public: isPublic,
          name: options.name,
          grants: options.grants,
          redirectUris: options.redirectUri,
          scopes: scopeList(options.scopes),
          accessTokenTtl: options.accessTtl,
          refreshTokenTtl: options.refreshTtl,
          firstParty: options.firstParty,
        });
        const result = clientSecret ? { client_id: created.clientId, client_secret: clientSecret } : { client_id: created.clientId };
        out.print(result, () =>
          [`Client ${created.name} registered.`, `client_id:     ${created.clientId}`, ...(clientSecret ? [`client_secret: ${clientSecret}`, '', 'Store the secret now: it is not kept and will not be shown again.'] : ['(public client: no secret; it must use PKCE)'])].join('\n'));
      }));
  common(client.command('list'))
    .description('list clients')
    .option('--search <text>', 'only names or ids containing this')
    .action((options: Common & { search?: string }) =>
      withAdmin(options, async (call, out) => {
        const clients = await allPages<Client>((cursor) => call('clients.list', { query: options.search, cursor, limit: 500 }));
        out.print(clients, () => table(clients.map((c) => ({ ...c, client_id: c.clientId, type: c.public ? 'public' : 'confidential' })), ['client_id', 'name', 'kind', 'type', 'grants', 'scopes', 'disabled', 'liveTokens']));
      }));
  common(client.command('rotate-secret <clientId>'))
    .description('replace a client secret; prints the new one once')
    .action((clientId: string, options: Common) =>
      withAdmin(options, async (call, out) => {
        const rotated = await call('clients.rotateSecret', { clientId });
        out.print({ client_id: rotated.clientId, client_secret: rotated.clientSecret }, () => `client_secret: ${rotated.clientSecret}\n\nStore it now: it will not be shown again. The old secret stopped working.`);
      }));
  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    common(client.command(`${name} <clientId>`))
      .description(disabled ? 'disable a client and revoke its tokens' : 'enable a disabled client')
      .action((clientId: string, options: Common) =>
        withAdmin(options, async (call, out) => {
          const updated = await call('clients.update', { clientId, disabled });
          out.print(updated, () => `Client ${updated.name} ${disabled ? 'disabled; its tokens are revoked' : 'enabled'}`);
        }));
  }
  common(client.command('delete <clientId>'))
    .description('delete a client and revoke its tokens')
    .action((clientId: string, options: Common) =>
      withAdmin(options, async (call, out) => {
        await call('clients.delete', { clientId });
        out.print({ deleted: clientId }, () => `Client ${clientId} deleted`);
      }));

  const token = root.command('token').description('list and revoke live tokens');
  common(token.command('list'))
    .description('list live tokens, newest first')
    .option('--client <clientId>', 'only this client')
    .option('--user <username>', 'only this user')
    .addOption(new Option('--type <type>', 'only this kind of token').choices(['access_token', 'client_credentials', 'refresh_token']))
    .option('--limit <n>', 'at most this many rows', integer('--limit', 1, 100_000), 100)
    .action((options: Common & { client?: string; user?: string; type?: string; limit: number }) =>
      withAdmin(options, async (call, out) => {
        let userId: string | undefined;
        if (options.user) {
          const users = await call('users.list', { query: options.user, limit: 500 });
          const match = users.items.find((u) => u.username.toLowerCase() === options.user!.toLowerCase());
          if (!match) throw new CliError(`There is no user "${options.user}".`);
          userId = match.id;
        }
        const rows: Token[] = [];
        let cursor: string | undefined;
        while (rows.length < options.limit) {
          const page: { items: Token[]; nextCursor: string | null } = await call('tokens.list', { clientId: options.client, userId, type: options.type, cursor, limit: Math.min(500, options.limit - rows.length) });
          rows.push(...page.items);
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        const shaped = rows.map((t) => ({ id: t.id, type: t.type, client_id: t.clientId, subject: t.username ?? t.subject, scope: t.scope, expires_at: t.expiresAt }));
        out.print(shaped, () => table(shaped, ['id', 'type', 'client_id', 'subject', 'scope', 'expires_at']));
      }));
  common(token.command('revoke <ids...>'))
    .description('revoke tokens by the id `token list` shows')
    .action((ids: string[], options: Common) =>
      withAdmin(options, async (call, out) => {
        const { revoked } = await call('tokens.revoke', { ids });
        if (revoked === 0) throw new CliError(`No live token has the id ${ids.join(', ')}; run "lanyard token list" to see the ids.`);
        out.print({ revoked }, () => `${revoked} token(s) revoked`);
      }));

  const cert = root.command('cert').description("the hub's TLS certificate");
  common(cert.command('show'))
    .description("print the certificate's names, validity and SHA-256 fingerprint (generated on first use)")
    .option('--cert <file>', "the operator's certificate instead of the generated one")
    .option('--key <file>', "the operator's private key, checked against --cert")
    .action(async (options: Common & { cert?: string; key?: string }) => {
      const out = new Output(!!options.json);
      const certificate = options.cert && options.key ? await loadCertificate({ certFile: options.cert, keyFile: options.key }) : await ensureCertificate({ dataDir: resolveDataDir(options.data) });
      const description = describeCertificate(certificate.certPem);
      out.print(description, () =>
        [`Subject:     ${description.subject}`, `Names:       ${description.sans.join(', ')}`, `Valid:       ${description.notBefore} to ${description.notAfter}`, `SHA-256:     ${description.fingerprint256}`].join('\n'));
    });

  return root;
}

async function main(argv: string[]): Promise<void> {
  const root = program();
  root.exitOverride();
  for (const command of root.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  try {
    await root.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    const message = error instanceof AdminFailure || error instanceof CliError ? error.message : error instanceof Error ? error.message : String(error);
    process.stderr.write(`lanyard: ${message}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  }
}

await main(process.argv);
