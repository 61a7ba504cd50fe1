/** Size of the built files the FDK ships: bytes as written and gzipped (what travels). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FileSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export const SHIPPED = ['server/server.js', 'app/scripts/sidebar.js'] as const;

export function measureSizes(root: string, files: readonly string[] = SHIPPED): FileSize[] {
  return files.map((file) => {
    const content = readFileSync(join(root, file));
    return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
}
