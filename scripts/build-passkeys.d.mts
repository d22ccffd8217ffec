// Types for build-passkeys.mjs, for the tests that import it.
export declare const DEFAULT_OUTFILE: string;
export declare function buildPasskeys(options?: { outfile?: string }): Promise<string>;
