// The part of pino-roll's API the hub uses (the package ships no types): it resolves to a
// sonic-boom stream writing `<file>.<N><extension>`.
declare module 'pino-roll' {
  import type { EventEmitter } from 'node:events';
  interface PinoRollOptions {
    file: string;
    extension?: string;
    size?: string | number;
    frequency?: string | number;
    limit?: { count: number; removeOtherLogFiles?: boolean };
    sync?: boolean;
    mkdir?: boolean;
  }
  interface SonicBoomStream extends EventEmitter, NodeJS.WritableStream {
    readonly file: string;
    flushSync(): void;
    end(): this;
  }
  function pinoRoll(options: PinoRollOptions): Promise<SonicBoomStream>;
  export default pinoRoll;
}
