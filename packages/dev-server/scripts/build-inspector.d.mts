/** Builds the inspector's files (replay bundle, page, script, styles) into `outDir`. */
export function buildInspector(outDir: string): Promise<void>;
