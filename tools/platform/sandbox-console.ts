/** console inside the sandbox: lines go to the platform log and to the invocation's own logs. */
import { format } from 'node:util';
import type { InvocationScope } from './invocation-scope.js';
import type { LogLevel } from './platform-types.js';

const LEVELS: ReadonlyArray<[string, LogLevel]> = [
  ['log', 'info'],
  ['info', 'info'],
  ['debug', 'debug'],
  ['warn', 'warn'],
  ['error', 'error'],
  ['trace', 'debug'],
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
