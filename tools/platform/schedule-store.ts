/**
 * $schedule as the FDK CLI runs it (CLI69 lib/event_handler/features/schedule.js): create / fetch /
 * update / delete of named schedules that fire onScheduledEvent with the schedule's `data`.
 * Rejections are plain { status, message } with the CLI's messages; checks run in its order and
 * stop at the first failure:
 * - create/update need name, data, schedule_at (and time_unit, frequency with `repeat`; timezone
 *   defaults to UTC); name a string of at most 30 characters; data an object (typeof) of at most
 *   4096 by the CLI's objsize measure (json-value.ts); schedule_at an ISO 8601 string;
 * - a one-time schedule_at at least 5 minutes and at most a year ahead of the platform clock when
 *   the call arrives (recurring schedules have neither check);
 * - the app must declare onScheduledEvent;
 * - repeat: time_unit minutes|hours|days, a valid timezone, a number frequency of 1..60 minutes,
 *   1..24 hours or 1..30 days;
 * - a duplicate name on create: 400 "This Schedule name already exists"; fetch/update/delete of
 *   an unknown name: 404 "Schedule does not exist";
 * - at most 1 recurring schedule (checked on create, as the CLI does; the CLI's rejection has no
 *   status, this one says 400), and at most 1,000 one-time schedules (Freshworks' documented
 *   production limit; CLI69 has none).
 * update replaces the whole schedule. One-time schedules are removed when they fire; recurring
 * ones move on by their interval. Success answers are the CLI's { status: 200, message }.
 */
import { fdkObjectSize, isPlainObject, type JsonObject } from './json-value.js';
import type { Limits } from './limits.js';
import { refuse } from './platform-rejection.js';

export type TimeUnit = 'minutes' | 'hours' | 'days';

export interface ScheduleRepeat {
  time_unit: TimeUnit;
  frequency: number;
  timezone?: string;
}

/** What fetch returns: the input as it was given (name, data, schedule_at, repeat). */
export interface ScheduleView {
  name: string;
  data: JsonObject;
  schedule_at: string;
  repeat?: ScheduleRepeat;
}

/** What create, update and delete resolve with. */
export interface ScheduleAnswer {
  status: 200;
  message: 'Schedule created' | 'Schedule updated' | 'Schedule deleted';
}

export interface StoredSchedule {
  name: string;
  data: JsonObject;
  schedule_at: string;
  repeat?: ScheduleRepeat;
  /** Platform-clock ms of the next firing. */
  nextRunAt: number;
  createdAt: number;
  updatedAt: number;
  /** Creation order, to fire schedules due at the same instant in a stable order. */
  seq: number;
}

export interface ScheduleStore {
  create(spec: unknown): ScheduleAnswer;
  fetch(query: unknown): ScheduleView;
  update(spec: unknown): ScheduleAnswer;
  delete(query: unknown): ScheduleAnswer;
  /** The earliest schedule due at or before `until`, if any. */
  nextDue(until: number): StoredSchedule | undefined;
  /** After firing: a one-time schedule is removed; a recurring one moves to its next run. */
  fired(schedule: StoredSchedule, options?: { skipMissedUpTo?: number }): void;
  list(): StoredSchedule[];
  load(list: StoredSchedule[]): void;
  clear(): void;
}

export interface ScheduleStoreOptions {
  now: () => number;
  limits: Pick<Limits, 'scheduleDataBytes' | 'oneTimeSchedules' | 'recurringSchedules'> & Partial<Pick<Limits, 'scheduleTransitMs'>>;
  /** Whether the app declares onScheduledEvent (default: it does). */
  hasScheduledEvent?: () => boolean;
  onChange?: () => void;
}

const UNIT_MS: Readonly<Record<TimeUnit, number>> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };
const MAX_FREQUENCY: Readonly<Record<TimeUnit, number>> = { minutes: 60, hours: 24, days: 30 };
/** moment's ISO 8601 forms that matter: a date, optionally a time, optionally an offset. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2}([.,]\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
const MIN_LEAD_MS = 5 * 60_000;
const MAX_LEAD_MS = 525_600 * 60_000;
const NOT_FOUND = 'Schedule does not exist';

export function intervalMs(repeat: ScheduleRepeat): number {
  return UNIT_MS[repeat.time_unit] * repeat.frequency;
}

/** A recurring schedule whose start lies in the past runs next at its first occurrence from now on. */
function firstRun(at: number, repeat: ScheduleRepeat | undefined, now: number): number {
  if (repeat === undefined || at >= now) return at;
  const step = intervalMs(repeat);
  return at + Math.ceil((now - at) / step) * step;
}

function validTimezone(zone: unknown): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: String(zone) });
    return true;
  } catch {
    return false;
  }
}

function missingKeys(spec: JsonObject, repeat: unknown): string[] {
  const missing = ['name', 'data', 'schedule_at'].filter((key) => !(key in spec));
  if (isPlainObject(repeat)) missing.push(...['time_unit', 'frequency', 'timezone'].filter((key) => !(key in repeat)));
  return missing;
}

/** The repeat checks (the CLI's RECURRING_VALIDATION), or undefined when all pass. */
function repeatProblem(repeat: JsonObject): string | undefined {
  const unit = repeat['time_unit'];
  const frequency = repeat['frequency'];
  if (unit !== 'minutes' && unit !== 'hours' && unit !== 'days') return 'Time unit must either be days, minutes or hours';
  if (!validTimezone(repeat['timezone'])) return 'Invalid timezone';
  if (typeof frequency !== 'number') return "The 'frequency' value must be of type Number";
  if (frequency <= 0) return "The 'frequency' value must be greater than 0";
  if (frequency > MAX_FREQUENCY[unit]) return `The maximum frequency value for the '${unit}' parameter is ${MAX_FREQUENCY[unit]}`;
  return undefined;
}

/** fetch and delete: only the name, present and a string. */
function nameOf(query: unknown): string {
  const spec = isPlainObject(query) ? query : {};
  if (!('name' in spec)) throw refuse(400, 'The following mandatory keys are missing - name');
  if (typeof spec['name'] !== 'string') throw refuse(400, 'Name must be of type string');
  return spec['name'];
}

function view(schedule: StoredSchedule): ScheduleView {
  return {
    name: schedule.name,
    data: structuredClone(schedule.data),
    schedule_at: schedule.schedule_at,
    ...(schedule.repeat === undefined ? {} : { repeat: { ...schedule.repeat } }),
  };
}

export function createScheduleStore(options: ScheduleStoreOptions): ScheduleStore {
  const schedules = new Map<string, StoredSchedule>();
  let seq = 0;
  const changed = (): void => options.onChange?.();

  const known = (name: string): StoredSchedule => {
    const found = schedules.get(name);
    if (found === undefined) throw refuse(404, NOT_FOUND);
    return found;
  };

  /** The CLI's CREATE_OR_UPDATE_VALIDATION (+ RECURRING_VALIDATION), against the platform clock when the call arrives. */
  const problem = (spec: JsonObject, now: number): string | undefined => {
    const repeat = spec['repeat'];
    const missing = missingKeys(spec, repeat);
    if (missing.length > 0) return `The following mandatory keys are missing - ${missing.join(',')}`;
    const name = spec['name'];
    if (typeof name !== 'string') return 'Name must be of type string';
    if (name.length > 30) return 'Name length must not be greater than 30';
    if (typeof spec['data'] !== 'object') return "The 'data' value must be of type JSON";
    if (fdkObjectSize(spec['data']) > options.limits.scheduleDataBytes) return "The size of the 'data' payload must not exceed 4Kb";
    const given = spec['schedule_at'];
    const at = typeof given === 'string' && ISO_8601.test(given) ? Date.parse(given) : Number.NaN;
    if (Number.isNaN(at)) return "The 'schedule_at' value must be an ISO string";
    if (!repeat && at - now < MIN_LEAD_MS) return "The 'schedule_at' value must be at least 5 minutes in the future";
    if (!repeat && at - now > MAX_LEAD_MS) return "The 'schedule_at' value must not be greater than a year";
    if (!(options.hasScheduledEvent?.() ?? true)) return 'The app has not registered an onScheduledEvent';
    return isPlainObject(repeat) ? repeatProblem(repeat) : undefined;
  };

  const build = (given: unknown, existing?: StoredSchedule): StoredSchedule => {
    const spec = (isPlainObject(given) ? JSON.parse(JSON.stringify(given)) : {}) as JsonObject;
    const rawRepeat = spec['repeat'];
    if (isPlainObject(rawRepeat)) rawRepeat['timezone'] ??= 'UTC';
    const now = options.now();
    const refused = problem(spec, now + (options.limits.scheduleTransitMs ?? 0));
    if (refused !== undefined) throw refuse(400, refused);
    const repeat = isPlainObject(rawRepeat) ? (rawRepeat as unknown as ScheduleRepeat) : undefined;
    const at = spec['schedule_at'] as string;
    return {
      name: spec['name'] as string,
      data: (spec['data'] ?? null) as JsonObject,
      schedule_at: at,
      ...(repeat === undefined ? {} : { repeat }),
      nextRunAt: firstRun(Date.parse(at), repeat, now),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      seq: existing?.seq ?? (seq += 1),
    };
  };

  const checkCapacity = (schedule: StoredSchedule): void => {
    const recurring = schedule.repeat !== undefined;
    const count = [...schedules.values()].filter((s) => (s.repeat !== undefined) === recurring).length;
    if (recurring && count >= options.limits.recurringSchedules) {
      throw refuse(400, `The maximum number of recurring schedules is ${options.limits.recurringSchedules}`);
    }
    if (!recurring && count >= options.limits.oneTimeSchedules) {
      throw refuse(400, `The maximum number of one-time schedules is ${options.limits.oneTimeSchedules}`);
    }
  };

  return {
    create(spec) {
      const schedule = build(spec);
      if (schedules.has(schedule.name)) throw refuse(400, 'This Schedule name already exists');
      checkCapacity(schedule);
      schedules.set(schedule.name, schedule);
      changed();
      return { status: 200, message: 'Schedule created' };
    },
    fetch(query) {
      return view(known(nameOf(query)));
    },
    update(spec) {
      const candidate = build(spec);
      const schedule = build(spec, known(candidate.name));
      schedules.set(schedule.name, schedule);
      changed();
      return { status: 200, message: 'Schedule updated' };
    },
    delete(query) {
      const name = nameOf(query);
      known(name);
      schedules.delete(name);
      changed();
      return { status: 200, message: 'Schedule deleted' };
    },
    nextDue(until) {
      let best: StoredSchedule | undefined;
      for (const schedule of schedules.values()) {
        if (schedule.nextRunAt > until) continue;
        if (best === undefined || schedule.nextRunAt < best.nextRunAt || (schedule.nextRunAt === best.nextRunAt && schedule.seq < best.seq)) {
          best = schedule;
        }
      }
      return best;
    },
    fired(schedule, fireOptions = {}) {
      if (schedules.get(schedule.name) !== schedule) return;
      if (schedule.repeat === undefined) {
        schedules.delete(schedule.name);
      } else {
        const step = intervalMs(schedule.repeat);
        schedule.nextRunAt += step;
        const skipTo = fireOptions.skipMissedUpTo;
        while (skipTo !== undefined && schedule.nextRunAt <= skipTo) schedule.nextRunAt += step;
      }
      changed();
    },
    list() {
      return [...schedules.values()].map((schedule) => structuredClone(schedule));
    },
    load(list) {
      schedules.clear();
      for (const schedule of list) {
        schedules.set(schedule.name, structuredClone(schedule));
        seq = Math.max(seq, schedule.seq);
      }
    },
    clear() {
      schedules.clear();
      changed();
    },
  };
}
