/** Dates and numbers on the diagnostics page: the agent's locale, UTC days, relative next attempts. */
import { assert } from 'chai';
import { formatCount, formatDateTime, formatDay, formatRelative } from '../../../../ui/diagnostics/format.js';
import { isDiagnosticsView } from '../../../../ui/diagnostics/diagnostics-client.js';

const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

describe('diagnostics page: formatting', function () {
  it('says when the next attempt is, relative to now', function () {
    assert.strictEqual(formatRelative(new Date(NOW + 5 * 60_000).toISOString(), NOW, 'en'), 'in 5 minutes');
    assert.strictEqual(formatRelative(new Date(NOW - 2 * 3_600_000).toISOString(), NOW, 'en'), '2 hours ago');
    assert.strictEqual(formatRelative(new Date(NOW + 3 * 86_400_000).toISOString(), NOW, 'en'), 'in 3 days');
    assert.strictEqual(formatRelative(new Date(NOW + 20_000).toISOString(), NOW, 'en'), 'now');
    assert.strictEqual(formatRelative('not a date', NOW, 'en'), '');
  });

  it('names UTC days and keeps unreadable values as they are', function () {
    assert.strictEqual(formatDay('2026-11-28', 'en-GB'), 'Sat 28 Nov');
    assert.strictEqual(formatDay('someday', 'en-GB'), 'someday');
    assert.strictEqual(formatDateTime('later', 'en-GB'), 'later');
    assert.strictEqual(formatCount(12345, 'en-GB'), '12,345');
  });

  it('recognises a DiagnosticsView and nothing else', function () {
    const view = { generatedAt: '', health: { ok: true, problems: [] }, callback: { registration: 'manual' }, counts: {}, queue: [], lastErrors: [] };
    assert.isTrue(isDiagnosticsView(view));
    assert.isFalse(isDiagnosticsView({ ...view, queue: {} }));
    assert.isFalse(isDiagnosticsView([]));
  });
});
