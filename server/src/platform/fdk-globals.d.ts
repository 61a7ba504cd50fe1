/**
 * The FDK serverless globals, typed from docs/fdk-facts.md §3–§4.
 * Only server/src/platform/fdk-platform.ts may use them (npm run lint enforces it).
 */

/** Shape of a rejected $request.invokeTemplate call (status/response documented; the rest UNCONFIRMED). */
interface FdkRequestError {
  status?: number;
  response?: unknown;
  headers?: Record<string, string | string[] | undefined>;
  errorSource?: string;
  attempts?: number;
  message?: string;
}

interface FdkRequestSuccess {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Always a string on the platform; callers JSON.parse it. */
  response: string;
}

interface FdkInvokeOptions {
  context?: Record<string, string | number>;
  body?: string;
  query?: Record<string, string>;
}

declare const $request: {
  invokeTemplate(name: string, options: FdkInvokeOptions): Promise<FdkRequestSuccess>;
};

declare const $db: {
  set(key: string, value: object, options?: { ttl?: number; setIf?: 'exist' | 'not_exist' }): Promise<unknown>;
  get(key: string): Promise<unknown>;
  update(key: string, action: 'set' | 'increment' | 'append' | 'remove', attributes: object | string[]): Promise<unknown>;
  delete(key: string): Promise<unknown>;
};

interface FdkSchedule {
  name: string;
  data: object;
  schedule_at: string;
  repeat?: { time_unit: 'minutes' | 'hours' | 'days'; frequency: number };
}

declare const $schedule: {
  create(schedule: FdkSchedule): Promise<unknown>;
  fetch(query: { name: string }): Promise<unknown>;
  update(schedule: FdkSchedule): Promise<unknown>;
  delete(query: { name: string }): Promise<unknown>;
};

/** The first argument is always the error (docs/fdk-facts.md §4.5). */
declare function renderData(error?: { status?: number; message: string } | null, data?: unknown): void;

declare function generateTargetUrl(): Promise<string>;

/**
 * Logging goes to the FDK log (docs/fdk-facts.md §4.1). The CLI's sandbox has log, info and error
 * only (CLI69 lib/event_handler/framework.js); warn may be missing.
 */
declare const console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn?: ((...args: unknown[]) => void) | undefined;
  error(...args: unknown[]): void;
};

/** What server.js hands the platform: only server/src/index.ts assigns it (docs/platform-rules.md, "Loading server.js"). */
declare let exports: Record<string, (args: never) => unknown>;
