// Runs async work for one key after the previous work for that key has settled, so the attempts
// of one account are counted exactly when each starts (guesses sent together cannot all slip in
// before the first failure is recorded). Different keys run in parallel; the map holds a key only
// while its work is pending.
export function queueByKey(): <T>(key: string, work: () => Promise<T>) => Promise<T> {
  const queues = new Map<string, Promise<unknown>>();
  return (key, work) => {
    const previous = queues.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return run;
  };
}
