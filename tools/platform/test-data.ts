/**
 * Product-event fixtures in the FDK 3.0 layout: server/test_data/<module>/<event>.json
 * (e.g. server/test_data/service_ticket/onTicketUpdate.json), optionally a named variant
 * server/test_data/<module>/<event>.<variant>.json. A fixture holds a whole payload; the platform
 * replaces currentHost and iparams with its own when it emits the fixture's `data`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function testDataFile(root: string, module: string, event: string, variant?: string): string {
  return join(root, 'server', 'test_data', module, variant === undefined ? `${event}.json` : `${event}.${variant}.json`);
}

export function loadTestData(root: string, module: string, event: string, variant?: string): Record<string, unknown> {
  const file = testDataFile(root, module, event, variant);
  const payload = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw new Error(`${file} must hold a JSON object`);
  return payload as Record<string, unknown>;
}
