// Types for scripts/node-bundle.mjs (imported by bench/lib/servers.ts).
import type { BuildOptions, BuildResult, LogLevel } from 'esbuild';
export const root: string;
export function nodeBundleOptions(options?: { minify?: boolean; logLevel?: LogLevel; external?: string[] }): BuildOptions;
export function buildBackupWorker(outdir: string, options: BuildOptions): Promise<BuildResult>;
export function describeBundles(results: BuildResult[], outdir: string): { outputs: Record<string, number>; externals: Record<string, string[]> };
export function runBuild(name: string, build: () => Promise<{ outdir: string; outputs: Record<string, number> }>): Promise<void>;
