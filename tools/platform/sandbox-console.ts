/**
 * console inside the sandbox: lines go to the platform log and to the invocation's own logs.
 * Only log, info and error exist, as in the FDK CLI's sandbox (CLI69
 * lib/event_handler/framework.js): console.warn, debug and trace are undefined there, so calling
 * them throws a TypeError.
 */
import { format } from 'node:util';
import type { InvocationScope } from './invocation-scope.js';
import type { LogLevel } from './platform-types.js';

const LEVELS: ReadonlyArray<[string, LogLevel]> = [
  ['log', 'info'],
  ['info', 'info'],
  ['error', 'error'],
];

export function createSandboxConsole(scope: InvocationScope, log: (level: LogLevel, text: string) => void): Record<string, (...args: unknown[]) => void> {
  const methods: Record<string, (...args: unknown[]) => void> = {};
  for (const [name, level] of LEVELS) {
    methods[name] = (...args: unknown[]): void => {
      const text = format(...args);
      scope.logs.push(text);
      log(level, `[${scope.handler}] ${text}`);
    };
  }
  return methods;
}
