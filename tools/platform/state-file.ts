/**
 * The platform's persistent state ($db records, schedules, the installation) as one JSON file,
 * like the FDK's .fdk/store.sqlite: it survives a restart; delete the file to reset.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoredRecord } from './kv-store.js';
import type { StoredSchedule } from './schedule-store.js';

export interface InstallationState {
  id: string;
  /** The random part of the external-event URL. */
  token: string;
  installed: boolean;
}

export interface PlatformState {
  version: 1;
  installation: InstallationState;
  db: Record<string, StoredRecord>;
  schedules: StoredSchedule[];
}

export function readState(file: string): PlatformState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const state = JSON.parse(text) as PlatformState;
  if (state.version !== 1) throw new Error(`${file}: unknown platform state version ${String(state.version)}; delete the file to reset`);
  return state;
}

/** Writes atomically (temporary file + rename), creating the folder. */
export function writeState(file: string, state: PlatformState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, file);
}
