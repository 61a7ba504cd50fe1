/** A structured logger over console whose every line passes through the redactor. */
import type { Logger, LogLevel } from './platform-types.js';
import type { Redactor } from './redact.js';

export type LogSink = (level: LogLevel, line: string) => void;

function serialise(fields: Record<string, unknown> | undefined): string {
  if (fields === undefined) return '';
  try {
    return ` ${JSON.stringify(fields)}`;
  } catch {
    return ' {"fields":"unserialisable"}';
  }
}

export function createLogger(sink: LogSink, redact: Redactor, prefix = 'signl4'): Logger {
  const write = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    sink(level, redact(`[${prefix}] ${message}${serialise(fields)}`).slice(0, 4000));
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}
