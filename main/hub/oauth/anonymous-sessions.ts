// Sessions reach the database only once someone has signed in. oidc-provider saves a session
// on any request that touches it: GET /logout and GET /device put an anti-CSRF secret in a
// fresh one, so each anonymous request would write a row kept for the session's 14 days.
// Here, at the adapter, a session without an account is kept in a bounded in-memory cache
// for a few minutes instead; losing one (restart, eviction under a flood) only means the
// person's form is shown again. A signed-in session never becomes anonymous again (the
// provider destroys it at sign-out), and at sign-in it gets a new id, saved to the database.
import { LRUCache } from 'lru-cache';
import type { Adapter, AdapterPayload } from 'oidc-provider';

/** Anonymous sessions kept at most; the least recently used go first. */
const ANONYMOUS_SESSIONS_MAX = 10_000;
/** Long enough to fill in the logout or device-code form. */
const ANONYMOUS_SESSION_SECONDS = 10 * 60;

class SessionAdapter implements Adapter {
  readonly #database: Adapter;
  readonly #anonymous: LRUCache<string, AdapterPayload>;
  constructor(database: Adapter, max: number, seconds: number) {
    this.#database = database;
    this.#anonymous = new LRUCache({ max, ttl: seconds * 1000, ttlAutopurge: false });
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    if (payload.accountId) {
      this.#anonymous.delete(id);
      return this.#database.upsert(id, payload, expiresIn);
    }
    this.#anonymous.set(id, structuredClone(payload));
    return undefined;
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const anonymous = this.#anonymous.get(id);
    return anonymous ? structuredClone(anonymous) : ((await this.#database.find(id)) ?? undefined);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return (await this.#database.findByUid(uid)) ?? undefined; // only signed-in sessions are looked up by uid
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async consume(id: string): Promise<void> {
    return this.#database.consume(id);
  }

  async destroy(id: string): Promise<void> {
    if (this.#anonymous.delete(id)) return undefined; // never reached the database
    return this.#database.destroy(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    return this.#database.revokeByGrantId(grantId);
  }
}

/** Wraps an adapter factory so that its Session adapter keeps anonymous sessions in memory. */
export function withAnonymousSessions(factory: (model: string) => Adapter, options: { max?: number; seconds?: number } = {}): (model: string) => Adapter {
  let sessions: SessionAdapter | undefined;
  return (model) => {
    if (model !== 'Session') return factory(model);
    sessions ??= new SessionAdapter(factory(model), options.max ?? ANONYMOUS_SESSIONS_MAX, options.seconds ?? ANONYMOUS_SESSION_SECONDS);
    return sessions;
  };
}
