// Types of licences.mjs for the TypeScript build configs that import it (structural, so this
// file needs no esbuild types of its own).
export interface BundledPackage {
  name: string;
  version: string;
  license: string;
  text: string | null;
}
export interface MetafileLike {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}
export const NOTICES_SUFFIX: string;
export function licenceBanner(file: string, packageName: string, version: string): string;
export function bundledPackages(
  metafile: MetafileLike,
  output: string,
  cwd: string,
): BundledPackage[];
export function noticesText(file: string, packages: BundledPackage[], extra?: string): string;
export function thirdPartyNoticesPlugin(): { name: string; setup(build: any): void };
