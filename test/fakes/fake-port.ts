/** A PlatformPort for createHandlers: fakeDeps per invocation, renderData calls captured. */
import type { PlatformPort } from '../../server/src/handlers/create-handlers.js';
import type { HandlerArgs } from '../../server/src/freshservice/ticket-event-types.js';
import { fakeDeps, type TestDeps } from './fake-deps.js';

export type MethodRender = { data: unknown } | { status: number; message: string };

export interface FakePort extends PlatformPort {
  /** The deps every invocation gets (shared, so state survives between invocations like $db does). */
  deps: TestDeps;
  /** Arguments each createDeps call received. */
  created: HandlerArgs[];
  setups: Array<string | undefined>;
  methods: MethodRender[];
  /** What targetUrl() resolves to; an Error makes it reject. */
  url: string | Error;
}

export function fakePort(deps: TestDeps = fakeDeps()): FakePort {
  const port: FakePort = {
    deps,
    created: [],
    setups: [],
    methods: [],
    url: 'https://example.freshworks.test/external/abc',
    createDeps(args) {
      port.created.push(args);
      return port.deps;
    },
    targetUrl() {
      return port.url instanceof Error ? Promise.reject(port.url) : Promise.resolve(port.url);
    },
    renderSetup(blockMessage) {
      port.setups.push(blockMessage);
    },
    renderMethod(outcome) {
      port.methods.push(outcome);
    },
  };
  return port;
}

/** The data of the last successful renderData, or a failure when the last render was an error. */
export function lastData<T>(port: FakePort): T {
  const last = port.methods[port.methods.length - 1];
  if (last === undefined || !('data' in last)) throw new Error(`expected data, got ${JSON.stringify(last)}`);
  return last.data as T;
}
