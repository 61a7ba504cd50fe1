/**
 * $schedule (fdk-platform.md §4.7): create / fetch / update / delete of named schedules that fire
 * onScheduledEvent with the schedule's `data`.
 * Enforced (the older CRM page's limits; UNCONFIRMED for 3.0 but the stricter reading):
 * - name: a non-empty string, unique (duplicate -> 409); fetch/update/delete of an unknown name -> 404;
 * - data: a plain object whose JSON is at most 4 KB;
 * - schedule_at: an ISO 8601 date-time string; the CRM page asks for >= 5 minutes ahead, which is
 *   UNCONFIRMED for 3.0: accepted, with a warning in the platform log;
 * - repeat: { time_unit: minutes|hours|days, frequency: integer >= 1 } (the minimum frequency is
 *   UNCONFIRMED; 1 minute is allowed);
 * - at most 1000 one-time and 1 recurring schedule per installation (400 naming the limit).
 * One-time schedules are removed when they fire; recurring ones move on by their interval.
 * Validation errors reject with 400 and a message.
 */
import { isPlainObject, jsonBytes, type JsonObject } from './json-value.js';
import type { Limits } from './limits.js';
import { refuse } from './platform-rejection.js';

export type TimeUnit = 'minutes' | 'hours' | 'days';

export interface ScheduleRepeat {
  time_unit: TimeUnit;
  frequency: number;
}

/** What fetch returns. */
export interface ScheduleView {
  name: string;
  data: JsonObject;
  schedule_at: string;
  repeat?: ScheduleRepeat;
  created_at: string;
  updated_at: string;
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
  create(spec: unknown): ScheduleView;
  fetch(query: unknown): ScheduleView;
  update(spec: unknown): ScheduleView;
  delete(query: unknown): { Deleted: true };
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
  limits: Pick<Limits, 'scheduleDataBytes' | 'oneTimeSchedules' | 'recurringSchedules'>;
  warn: (text: string) => void;
  onChange?: () => void;
}

const UNIT_MS: Readonly<Record<TimeUnit, number>> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function intervalMs(repeat: ScheduleRepeat): number {
  return UNIT_MS[repeat.time_unit] * repeat.frequency;
}

/** A recurring schedule whose start lies in the past runs next at its first occurrence from now on. */
function firstRun(at: number, repeat: ScheduleRepeat | undefined, now: number): number {
  if (repeat === undefined || at >= now) return at;
  const step = intervalMs(repeat);
  return at + Math.ceil((now - at) / step) * step;
}

function checkName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw refuse(400, 'Invalid schedule: "name" must be a non-empty string');
  return value;
}

function checkData(value: unknown, maxBytes: number): JsonObject {
  if (!isPlainObject(value)) throw refuse(400, 'Invalid schedule: "data" must be an object');
  const bytes = jsonBytes(value);
  if (bytes > maxBytes) throw refuse(400, `Invalid schedule: "data" is ${bytes} bytes, the limit is ${maxBytes} bytes (4 KB)`);
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}

function checkScheduleAt(value: unknown): number {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw refuse(400, 'Invalid schedule: "schedule_at" must be an ISO 8601 date-time string');
  }
  return Date.parse(value);
}

function checkRepeat(value: unknown): ScheduleRepeat | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw refuse(400, 'Invalid schedule: "repeat" must be an object');
  const { time_unit: unit, frequency } = value;
  if (unit !== 'minutes' && unit !== 'hours' && unit !== 'days') {
    throw refuse(400, 'Invalid schedule: "repeat.time_unit" must be minutes, hours or days');
  }
  if (typeof frequency !== 'number' || !Number.isInteger(frequency) || frequency < 1) {
    throw refuse(400, 'Invalid schedule: "repeat.frequency" must be an integer >= 1');
  }
  return { time_unit: unit, frequency };
}

function view(schedule: StoredSchedule): ScheduleView {
  return {
    name: schedule.name,
    data: structuredClone(schedule.data),
    schedule_at: schedule.schedule_at,
    ...(schedule.repeat === undefined ? {} : { repeat: { ...schedule.repeat } }),
    created_at: new Date(schedule.createdAt).toISOString(),
    updated_at: new Date(schedule.updatedAt).toISOString(),
  };
}

function nameOf(query: unknown): string {
  return checkName(isPlainObject(query) ? query['name'] : undefined);
}

export function createScheduleStore(options: ScheduleStoreOptions): ScheduleStore {
  const schedules = new Map<string, StoredSchedule>();
  let seq = 0;
  const changed = (): void => options.onChange?.();

  const known = (name: string): StoredSchedule => {
    const found = schedules.get(name);
    if (found === undefined) throw refuse(404, `Schedule "${name}" not found`);
    return found;
  };

  const checkCapacity = (repeat: ScheduleRepeat | undefined, replacing?: StoredSchedule): void => {
    const others = [...schedules.values()].filter((s) => s !== replacing);
    const recurring = repeat !== undefined;
    const count = others.filter((s) => (s.repeat !== undefined) === recurring).length;
    const limit = recurring ? options.limits.recurringSchedules : options.limits.oneTimeSchedules;
    if (count >= limit) {
      throw refuse(400, `Schedule limit reached: at most ${limit} ${recurring ? 'recurring' : 'one-time'} schedule(s) per installation`);
    }
  };

  const build = (spec: unknown, existing?: StoredSchedule): StoredSchedule => {
    if (!isPlainObject(spec)) throw refuse(400, 'Invalid schedule: expected an object');
    const merged: JsonObject = existing === undefined ? spec : { ...view(existing), ...spec };
    const name = checkName(merged['name']);
    const data = checkData(merged['data'], options.limits.scheduleDataBytes);
    const at = checkScheduleAt(merged['schedule_at']);
    const repeat = checkRepeat(merged['repeat']);
    const now = options.now();
    if (at - now < 5 * 60_000) {
      options.warn(`$schedule "${name}": schedule_at is less than 5 minutes ahead (the CRM docs require 5; UNCONFIRMED for 3.0)`);
    }
    return {
      name,
      data,
      schedule_at: merged['schedule_at'] as string,
      ...(repeat === undefined ? {} : { repeat }),
      nextRunAt: firstRun(at, repeat, now),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      seq: existing?.seq ?? (seq += 1),
    };
  };

  return {
    create(spec) {
      const schedule = build(spec);
      if (schedules.has(schedule.name)) throw refuse(409, `Schedule "${schedule.name}" already exists`);
      checkCapacity(schedule.repeat);
      schedules.set(schedule.name, schedule);
      changed();
      return view(schedule);
    },
    fetch(query) {
      return view(known(nameOf(query)));
    },
    update(spec) {
      const existing = known(nameOf(spec));
      const schedule = build(spec, existing);
      checkCapacity(schedule.repeat, existing);
      schedules.set(schedule.name, schedule);
      changed();
      return view(schedule);
    },
    delete(query) {
      const name = nameOf(query);
      known(name);
      schedules.delete(name);
      changed();
      return { Deleted: true };
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
