// SQLite's data_version for one connection, read at most once per turn of the event loop.
import type { Db } from './db.ts';

/**
 * `PRAGMA data_version` moves when another connection commits (the CLI, another process), which
 * is how the caches of clients and scope names learn of an operator's change. Reading it is a
 * read transaction of its own, two `fcntl` system calls on the WAL's lock file, and the token
 * path asked twice per request (admission, then the provider's client lookup).
 *
 * One reading now serves a whole turn of the event loop: the requests whose input arrived
 * together and everything they run before the loop turns. The next turn reads it again, so a
 * commit elsewhere is seen by every request whose input arrives in a later turn than the
 * commit; requests already being handled in that turn are treated as having come before it.
 */
export class DataVersion {
  #read;
  #value = 0;
  #fresh = false;
  constructor(db: Db) {
    this.#read = db.prepare('PRAGMA data_version').pluck();
  }

  get(): number {
    if (!this.#fresh) {
      this.#value = this.#read.get() as number;
      this.#fresh = true;
      setImmediate(this.#expire);
    }
    return this.#value;
  }

  #expire = (): void => {
    this.#fresh = false;
  };
}
