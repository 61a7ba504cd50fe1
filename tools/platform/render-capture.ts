/**
 * renderData for one invocation: records the first call (later calls are ignored with a warning,
 * calls after a kill are ignored) and lets the invocation wait for it.
 */
import { jsonCopy } from './json-value.js';

export interface RenderCapture {
  readonly renderData: (...args: unknown[]) => void;
  readonly called: boolean;
  /** Host-realm copies of the first call's arguments. */
  readonly error: unknown;
  readonly data: unknown;
  readonly argumentCount: number;
}

export function createRenderCapture(options: { isKilled: () => boolean; warn: (text: string) => void }): RenderCapture {
  let called = false;
  let error: unknown;
  let data: unknown;
  let argumentCount = 0;
  const copy = (value: unknown): unknown => {
    try {
      return jsonCopy(value);
    } catch {
      return String(value);
    }
  };
  return {
    renderData(...args: unknown[]) {
      if (options.isKilled()) return;
      if (called) {
        options.warn('renderData was called more than once; the platform uses the first call');
        return;
      }
      called = true;
      argumentCount = args.length;
      error = copy(args[0]);
      data = copy(args[1]);
    },
    get called() {
      return called;
    },
    get error() {
      return error;
    },
    get data() {
      return data;
    },
    get argumentCount() {
      return argumentCount;
    },
  };
}
