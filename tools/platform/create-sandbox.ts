/**
 * The serverless sandbox: a fresh `node:vm` context per invocation whose only globals besides
 * the JavaScript built-ins are those the FDK documents: exports ({}), console, $request, $db,
 * $schedule, renderData, generateTargetUrl, require (manifest dependencies only) and a Date that
 * follows the platform clock. No setTimeout/setInterval/setImmediate, process, Buffer or fetch.
 * Values and promises handed to the app are made in the sandbox's own realm (its Object, Array
 * and Promise), so `instanceof` and prototype checks inside the app behave as on the platform;
 * rejections are plain objects.
 */
import vm from 'node:vm';
import type { LoadedApp } from './load-app.js';
import { rejectionBody } from './platform-rejection.js';

export interface SandboxGlobals {
  console: Record<string, (...args: unknown[]) => void>;
  $request: Record<string, unknown>;
  $db: Record<string, unknown>;
  $schedule: Record<string, unknown>;
  renderData: (...args: unknown[]) => void;
  generateTargetUrl: () => Promise<string>;
}

/** The global names the sandbox adds to the JavaScript built-ins (tests compare against this). */
export const SANDBOX_GLOBALS: readonly string[] = ['exports', 'require', 'Date', 'console', '$request', '$db', '$schedule', 'renderData', 'generateTargetUrl'];

export interface Sandbox {
  install(globals: SandboxGlobals): void;
  /** Runs server.js in the context and returns what it assigned to `exports`. */
  load(timeoutMs: number): Record<string, unknown>;
  /** Calls fn(arg) inside the context, so a synchronous endless loop is cut at timeoutMs. */
  call(fn: (arg: unknown) => unknown, arg: unknown, timeoutMs: number): unknown;
  /** A copy of a JSON-able value made in the sandbox realm. */
  toSandbox<T>(value: T): T;
  /** A sandbox-realm promise of the work; values are copied in, rejections become plain bodies. */
  promise<T>(work: () => Promise<T>): Promise<T>;
}

export interface SandboxOptions {
  now: () => number;
  require: (name: string) => unknown;
}

const DATE_FACTORY = new vm.Script(`(function (now) {
  'use strict';
  const RealDate = Date;
  function Date_(...args) {
    if (!new.target) return new RealDate(now()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target);
  }
  Object.defineProperty(Date_, 'name', { value: 'Date' });
  Date_.prototype = RealDate.prototype;
  Date_.now = function now_() { return now(); };
  Date_.parse = RealDate.parse;
  Date_.UTC = RealDate.UTC;
  return Date_;
})`);

const INVOKE = Symbol.for('fdk.local.invoke');
const INVOKE_SCRIPT = new vm.Script('globalThis[Symbol.for("fdk.local.invoke")]()');

export function createSandbox(app: LoadedApp, options: SandboxOptions): Sandbox {
  const context = vm.createContext({}) as Record<string | symbol, unknown>;
  const json = vm.runInContext('JSON', context) as JSON;
  const SandboxPromise = vm.runInContext('Promise', context) as PromiseConstructor;
  const makeDate = DATE_FACTORY.runInContext(context) as (now: () => number) => DateConstructor;
  context['exports'] = json.parse('{}');
  context['require'] = options.require;
  context['Date'] = makeDate(() => options.now());

  const toSandbox = <T>(value: T): T => (value === undefined ? value : (json.parse(JSON.stringify(value)) as T));

  return {
    install(globals) {
      Object.assign(context, globals);
    },
    load(timeoutMs) {
      app.script.runInContext(context, { timeout: timeoutMs });
      const exported = context['exports'];
      return exported !== null && typeof exported === 'object' ? (exported as Record<string, unknown>) : {};
    },
    call(fn, arg, timeoutMs) {
      context[INVOKE] = () => fn(arg);
      try {
        return INVOKE_SCRIPT.runInContext(context, { timeout: timeoutMs });
      } finally {
        delete context[INVOKE];
      }
    },
    toSandbox,
    promise<T>(work: () => Promise<T>): Promise<T> {
      let pending: Promise<T>;
      try {
        pending = work();
      } catch (error) {
        pending = Promise.reject(error as Error);
      }
      return new SandboxPromise<T>((resolve, reject) => {
        pending.then(
          (value) => resolve(toSandbox(value)),
          (error: unknown) => reject(toSandbox(rejectionBody(error))),
        );
      });
    },
  };
}
