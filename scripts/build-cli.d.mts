// Types for scripts/build-cli.mjs (imported by test/cli/bundle.test.ts).
export interface BuildCliResult {
  outdir: string;
  /** Bytes per bundle (relative to outdir). */
  outputs: Record<string, number>;
  /** Module specifiers each bundle leaves to the runtime (esbuild externals). */
  externals: Record<string, string[]>;
}
export function buildCli(options?: { outdir?: string; logLevel?: 'verbose' | 'debug' | 'info' | 'warning' | 'error' | 'silent' }): Promise<BuildCliResult>;
