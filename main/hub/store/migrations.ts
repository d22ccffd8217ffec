// Versioned schema. Each entry runs once, in order, inside a transaction; PRAGMA user_version
// records how far a database has come. Never edit a shipped migration: add a new one.
export const MIGRATIONS: readonly string[] = [
  /* 1: the model */ `
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  CREATE TABLE scopes (
    name        TEXT PRIMARY KEY,
    description TEXT NOT NULL DEFAULT ''
  ) STRICT;

  CREATE TABLE roles (
    name        TEXT PRIMARY KEY COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    builtin     INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE role_scopes (
    role_name  TEXT NOT NULL REFERENCES roles(name) ON DELETE CASCADE ON UPDATE CASCADE,
    scope_name TEXT NOT NULL REFERENCES scopes(name) ON DELETE CASCADE,
    PRIMARY KEY (role_name, scope_name)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    last_login_at INTEGER
  ) STRICT;

  CREATE TABLE user_roles (
    user_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role_name TEXT NOT NULL REFERENCES roles(name) ON DELETE RESTRICT ON UPDATE CASCADE,
    PRIMARY KEY (user_id, role_name)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX user_roles_role ON user_roles(role_name);

  CREATE TABLE clients (
    client_id     TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    public        INTEGER NOT NULL,
    grants        TEXT NOT NULL,            -- JSON array of grant names
    redirect_uris TEXT NOT NULL,            -- JSON array, matched exactly
    scopes        TEXT NOT NULL DEFAULT '', -- space-separated
    access_ttl    INTEGER NOT NULL,
    refresh_ttl   INTEGER NOT NULL,
    first_party   INTEGER NOT NULL DEFAULT 0,
    disabled      INTEGER NOT NULL DEFAULT 0,
    secret_hash   TEXT,                     -- SHA-256 of a 256-bit random secret; never the secret
    builtin       INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    last_seen_at  INTEGER
  ) STRICT;

  -- Access, client-credentials and refresh tokens: the rows operators list and revoke.
  -- id_hash is SHA-256 of the bearer value, so a copied database file grants nothing.
  CREATE TABLE tokens (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id_hash     TEXT NOT NULL UNIQUE,
    model       TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    account_id  TEXT,
    grant_id    TEXT,
    scope       TEXT NOT NULL DEFAULT '',
    issued_at   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    consumed_at INTEGER,
    payload     TEXT NOT NULL
  ) STRICT;
  CREATE INDEX tokens_issued  ON tokens(issued_at);
  CREATE INDEX tokens_expires ON tokens(expires_at);
  CREATE INDEX tokens_client  ON tokens(client_id, issued_at);
  CREATE INDEX tokens_account ON tokens(account_id, issued_at) WHERE account_id IS NOT NULL;
  CREATE INDEX tokens_grant   ON tokens(grant_id) WHERE grant_id IS NOT NULL;

  -- Every other oidc-provider model (sessions, grants, interactions, codes, …).
  CREATE TABLE oidc_models (
    model       TEXT NOT NULL,
    id          TEXT NOT NULL,
    payload     TEXT NOT NULL,
    grant_id    TEXT,
    user_code   TEXT,
    uid         TEXT,
    expires_at  INTEGER,
    consumed_at INTEGER,
    PRIMARY KEY (model, id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX oidc_models_grant     ON oidc_models(grant_id) WHERE grant_id IS NOT NULL;
  CREATE INDEX oidc_models_uid       ON oidc_models(uid) WHERE uid IS NOT NULL;
  CREATE INDEX oidc_models_user_code ON oidc_models(user_code) WHERE user_code IS NOT NULL;
  CREATE INDEX oidc_models_expires   ON oidc_models(expires_at) WHERE expires_at IS NOT NULL;

  CREATE TABLE audit_events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        INTEGER NOT NULL,
    type      TEXT NOT NULL,
    actor     TEXT,
    client_id TEXT,
    subject   TEXT,
    summary   TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '{}'
  ) STRICT;
  CREATE INDEX audit_events_type ON audit_events(type, id);
  CREATE INDEX audit_events_at   ON audit_events(at);
  `,
  /* 2: per-minute counters for the dashboard, kept when tokens are revoked or expire */ `
  CREATE TABLE metrics_minutes (
    minute  INTEGER PRIMARY KEY, -- unix seconds, a multiple of 60
    issued  INTEGER NOT NULL DEFAULT 0,
    refused INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  `,
  /* 3: live tokens (not consumed) by expiry: counting them at 1M rows takes 16 ms, not 2 s */ `
  CREATE INDEX tokens_live ON tokens(expires_at) WHERE consumed_at IS NULL;
  `,
  /* 4: roles an operator lets applications give to the users they create (POST /api/users) */ `
  ALTER TABLE roles ADD COLUMN assignable INTEGER NOT NULL DEFAULT 0;
  `,
  /* 5: ids of sessions, interactions, codes (and registration tokens) are stored as hashes from
        now on (security/model-codec.ts): rows under plaintext ids are deleted and overwritten,
        so everyone signs in again once; the pending-devices list walks an index, newest first */ `
  PRAGMA secure_delete = ON;
  DELETE FROM oidc_models WHERE model IN ('Session', 'Interaction', 'AuthorizationCode', 'DeviceCode', 'RegistrationAccessToken',
                                          'InitialAccessToken', 'PushedAuthorizationRequest', 'BackchannelAuthenticationRequest');
  PRAGMA secure_delete = OFF;
  CREATE INDEX oidc_models_model_expires ON oidc_models(model, expires_at);
  `,
  /* 6: where a client's users go after signing out, and where it hears of sign-outs (OpenID RP-Initiated and Back-Channel Logout) */ `
  ALTER TABLE clients ADD COLUMN post_logout_redirect_uris TEXT NOT NULL DEFAULT '[]'; -- JSON array, matched exactly
  ALTER TABLE clients ADD COLUMN backchannel_logout_uri TEXT;
  `,
  /* 7: second factors (TOTP, recovery codes, passkeys) and personal access tokens */ `
  -- One authenticator app per user. The secret is needed in plaintext to check codes, so it is
  -- stored sealed (security/factor-secrets.ts); last_step is the last 30-second step a code was
  -- accepted for, so no code is accepted twice. confirmed_at is NULL while being set up.
  CREATE TABLE totp_factors (
    user_id      TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret       TEXT NOT NULL,
    last_step    INTEGER,
    created_at   INTEGER NOT NULL,
    confirmed_at INTEGER
  ) STRICT;

  -- One-time recovery codes: SHA-256 of 80 random bits each; never the codes.
  CREATE TABLE recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER,
    PRIMARY KEY (user_id, code_hash)
  ) STRICT, WITHOUT ROWID;

  -- WebAuthn credentials: public keys only; the private keys never leave the authenticators.
  CREATE TABLE passkeys (
    credential_id TEXT PRIMARY KEY,       -- base64url, as the browser reports it
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    public_key    BLOB NOT NULL,          -- COSE
    counter       INTEGER NOT NULL,
    transports    TEXT NOT NULL DEFAULT '[]',
    rp_id         TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER
  ) STRICT;
  CREATE INDEX passkeys_user ON passkeys(user_id);

  -- Personal access tokens: the token itself is an oidc-provider AccessToken (tokens table) with
  -- its own Grant; this row names it. Keyed by that grant.
  CREATE TABLE personal_tokens (
    grant_id     TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
  ) STRICT;
  CREATE INDEX personal_tokens_user ON personal_tokens(user_id);

  -- An operator may let an application keep using the password grant for users who have a
  -- second factor (Smartenit-style apps know no other way); off unless chosen.
  ALTER TABLE clients ADD COLUMN password_with_second_factor INTEGER NOT NULL DEFAULT 0;
  `,
  /* 8: marks the file as Lanyard's (SQLite's application_id, "LNYD"), so a restore can tell it from any other SQLite file */ `
  PRAGMA application_id = 1280203076;
  `,
  /* 9: pairings (zero-touch registration, RFC 7591), the clients they admitted, users that expire */ `
  -- An operator's permission for devices to register themselves. token_hash is SHA-256 of the
  -- initial access token handed out once in the pairing string; the token itself is never kept.
  CREATE TABLE pairings (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    token_hash        TEXT NOT NULL UNIQUE,
    grants            TEXT NOT NULL,            -- JSON array: the most a registered client may hold
    scopes            TEXT NOT NULL DEFAULT '', -- space-separated: likewise
    uses_allowed      INTEGER NOT NULL,
    uses              INTEGER NOT NULL DEFAULT 0,
    requires_approval INTEGER NOT NULL DEFAULT 0,
    expires_at        INTEGER NOT NULL,
    revoked_at        INTEGER,
    created_by        TEXT,
    created_at        INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX pairings_created ON pairings(created_at);
  ALTER TABLE clients ADD COLUMN pairing_id TEXT REFERENCES pairings(id);
  ALTER TABLE clients ADD COLUMN pending_approval INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE users ADD COLUMN expires_at INTEGER;
  CREATE INDEX users_expires ON users(expires_at) WHERE expires_at IS NOT NULL;
  `,
  /* 10: role assignments that expire (a guest role for a weekend on a resident's account) */ `
  -- NULL: held for good. An assignment whose time has passed is no longer held: every read that
  -- decides (scopes, roles, the kept admin) compares with the time of the request; the row stays
  -- until the roles are next changed, inert.
  ALTER TABLE user_roles ADD COLUMN expires_at INTEGER;
  CREATE INDEX user_roles_expires ON user_roles(expires_at) WHERE expires_at IS NOT NULL;
  `,
];
