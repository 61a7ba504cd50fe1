/**
 * getDiagnostics (full-page app, admins): configuration health, the callback URL and how it is
 * registered, counts (total and per day), the retry queue, the last errors. Three $db reads.
 */
import { AppError, plainWords, type ErrorCode } from '../errors/errors.js';
import type { Deps } from '../platform/platform-types.js';
import type { SettingsResult } from '../settings/parse-settings.js';
import { readQueue } from '../work/delivery-queue.js';
import { COUNTERS, DIAG_KEY, dayOf, type StoredError } from '../records/diagnostics-record.js';
import { INSTALL_KEY, type InstallRecord } from '../records/install-record.js';
import type { DiagnosticsView } from './view-types.js';

/** The platform's own refusals ("$db get t:107 failed: You have exceeded…") in words; the log keeps the text. */
function inWords(e: StoredError): string {
  if (!e.operation.startsWith('$')) return e.message;
  const words = plainWords(new AppError({ code: e.code as ErrorCode, operation: e.operation, message: e.message }));
  return words === e.message ? `The platform refused the app's ${e.operation.split(' ')[0] ?? ''} call.` : words;
}

type DiagRecord = Record<string, unknown> & { errors?: StoredError[] };

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

function days(diag: DiagRecord, now: number): DiagnosticsView['counts']['days'] {
  const out: DiagnosticsView['counts']['days'] = [];
  for (let back = 6; back >= 0; back -= 1) {
    const day = dayOf(now - back * 86_400_000);
    out.push({
      day: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`,
      forwarded: num(diag[`d${day}_fwd`]),
      callbacksApplied: num(diag[`d${day}_cbOk`]),
      callbacksRejected: num(diag[`d${day}_cbRej`]),
    });
  }
  return out;
}

function callback(install: InstallRecord | undefined): DiagnosticsView['callback'] {
  if (install === undefined) return { registration: 'manual', detail: 'The app has not finished installing; reinstall it to get a callback URL.' };
  return {
    url: install.url,
    registration: install.registration,
    ...(install.webhookId === undefined ? {} : { webhookId: install.webhookId }),
    ...(install.detail === undefined ? {} : { detail: install.detail }),
  };
}

export async function getDiagnosticsView(deps: Deps, parsed: SettingsResult): Promise<DiagnosticsView> {
  const now = deps.clock.now();
  const [install, diag, queue] = [await deps.store.get<InstallRecord>(INSTALL_KEY), (await deps.store.get<DiagRecord>(DIAG_KEY)) ?? {}, await readQueue(deps.store)];
  const counts = Object.fromEntries(COUNTERS.map((c) => [c, num(diag[c])])) as Record<(typeof COUNTERS)[number], number>;
  return {
    generatedAt: new Date(now).toISOString(),
    health: parsed.ok ? { ok: true, problems: [] } : { ok: false, problems: parsed.problems },
    callback: callback(install),
    counts: { forwarded: counts.fwd, delivered: counts.dlv, callbacksApplied: counts.cbOk, callbacksRejected: counts.cbRej, deliveriesFailed: counts.fail, days: days(diag, now) },
    queue: Object.values(queue.items)
      .sort((a, b) => a.due - b.due)
      .slice(0, 100)
      .map((item) => ({ ticketId: item.t, kind: item.k === 'd' ? 'deliver' : item.k === 's' ? 'status' : 'callback', attempts: item.n, nextAttemptAt: new Date(item.due).toISOString(), reason: item.r })),
    lastErrors: (diag.errors ?? []).slice(-10).reverse().map((e) => ({ at: new Date(e.at).toISOString(), code: e.code, operation: e.operation, message: inWords(e), fix: e.fix })),
  };
}
