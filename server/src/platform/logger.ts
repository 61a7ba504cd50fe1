/** A structured logger over console whose every line passes through the redactor. */
import type { Logger, LogLevel } from './platform-types.js';
import type { Redactor } from './redact.js';

export type LogSink = (level: LogLevel, line: string) => void;

/** The console methods the FDK sandbox is known to have (CLI69 lib/event_handler/framework.js: log, info, error). */
export interface SandboxConsole {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  error(...args: unknown[]): void;
  warn?: ((...args: unknown[]) => void) | undefined;
}

/**
 * Writes each level through a method that exists: the CLI's sandbox has no console.warn (calling
 * it throws a TypeError), so warnings use console.warn only where it is a function, else
 * console.log with a WARN tag.
 */
export function consoleSink(target: SandboxConsole): LogSink {
  return (level, line) => {
    if (level === 'error') target.error(line);
    else if (level === 'info') target.info(line);
    else if (typeof target.warn === 'function') target.warn(line);
    else target.log(`WARN ${line}`);
  };
}

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
