import { DateTime } from 'luxon';
import { ianaZone } from '../expressions/timestamp';
import type { RecurrenceDefinition } from './definition';

/**
 * When a Recurrence trigger fires (ACTREF "Recurrence trigger"; power-platform.md §4.3): every `interval`
 * `frequency` from `startTime` (or from the moment the flow was turned on, `anchor`), and with a `schedule` at the
 * listed hours × minutes on the listed week days, as wall-clock times in `timeZone` (a Windows ID; UTC by default).
 */
export class RecurrenceError extends Error {}

const weekDayNumber: Record<string, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

const unitOf: Record<string, 'seconds' | 'minutes' | 'hours' | 'days' | 'weeks' | 'months'> = {
  second: 'seconds',
  minute: 'minutes',
  hour: 'hours',
  day: 'days',
  week: 'weeks',
  month: 'months',
};

export function nextOccurrences(
  recurrence: RecurrenceDefinition,
  options: { after: Date; anchor?: Date; count: number },
): Date[] {
  const unit = unitOf[String(recurrence.frequency).toLowerCase()];
  if (!unit)
    throw new RecurrenceError(
      `recurrence.frequency '${recurrence.frequency}' is not Second, Minute, Hour, Day, Week or Month.`,
    );
  const interval = Number(recurrence.interval);
  if (!Number.isInteger(interval) || interval < 1)
    throw new RecurrenceError(`recurrence.interval must be a positive integer.`);
  const zone = recurrence.timeZone ? ianaZone(recurrence.timeZone) : 'UTC';
  if (!zone)
    throw new RecurrenceError(`recurrence.timeZone '${recurrence.timeZone}' is not a Windows time zone ID.`);
  let start: DateTime;
  if (recurrence.startTime) {
    const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(recurrence.startTime);
    start = hasOffset
      ? DateTime.fromISO(recurrence.startTime, { setZone: true }).setZone(zone)
      : DateTime.fromISO(recurrence.startTime, { zone });
    if (!start.isValid)
      throw new RecurrenceError(`recurrence.startTime '${recurrence.startTime}' is not an ISO 8601 time.`);
  } else {
    start = DateTime.fromJSDate(options.anchor ?? options.after, { zone });
  }
  const after = options.after.getTime();
  const out: Date[] = [];
  const schedule = recurrence.schedule;
  if (schedule?.weekDays && unit !== 'weeks') {
    // Power Automate offers "On these days" only with frequency Week; what the service does with week days on
    // another frequency is UNVERIFIED, so the runner refuses rather than fire on days the maker ruled out.
    throw new RecurrenceError(
      `recurrence.schedule.weekDays needs frequency 'Week' (it is '${recurrence.frequency}'): for Monday to Friday, use frequency Week, interval 1 and weekDays Monday…Friday.`,
    );
  }
  if (schedule?.monthDays || (schedule as { monthlyOccurrences?: unknown } | undefined)?.monthlyOccurrences) {
    throw new RecurrenceError(
      'recurrence.schedule.monthDays and monthlyOccurrences are not implemented by the flow runner.',
    );
  }
  const useSchedule =
    schedule &&
    (unit === 'days' || unit === 'weeks') &&
    (schedule.hours || schedule.minutes || schedule.weekDays);
  if (!useSchedule) {
    // Fixed-length units jump straight to the first occurrence after `after`; calendar units step (DST-safe in zone).
    const fixedMs = { seconds: 1000, minutes: 60000, hours: 3600000 }[
      unit as 'seconds' | 'minutes' | 'hours'
    ];
    let k = fixedMs ? Math.max(0, Math.floor((after - start.toMillis()) / (fixedMs * interval))) : 0;
    for (; out.length < options.count && k < 1_000_000; k++) {
      const t = start.plus({ [unit]: k * interval });
      if (t.toMillis() > after) out.push(t.toJSDate());
    }
    return out;
  }
  const hours = schedule.hours ?? [start.hour];
  const minutes = schedule.minutes ?? [start.minute];
  const days = (schedule.weekDays ?? []).map((d) => {
    const n = weekDayNumber[d.toLowerCase()];
    if (!n) throw new RecurrenceError(`recurrence.schedule.weekDays has '${d}', which is not a day name.`);
    return n;
  });
  const periodStart = unit === 'weeks' ? start.startOf('week') : start.startOf('day');
  for (let k = 0; out.length < options.count && k < 100000; k++) {
    const period = periodStart.plus({ [unit]: k * interval });
    const candidates: DateTime[] = [];
    const dayCount = unit === 'weeks' ? 7 : 1;
    for (let d = 0; d < dayCount; d++) {
      const day = period.plus({ days: d });
      if (unit === 'weeks' && !(days.length ? days : [start.weekday]).includes(day.weekday)) continue;
      for (const h of hours)
        for (const m of minutes) candidates.push(day.set({ hour: h, minute: m, second: 0, millisecond: 0 }));
    }
    candidates.sort((a, b) => a.toMillis() - b.toMillis());
    for (const c of candidates) {
      if (c.toMillis() >= start.toMillis() && c.toMillis() > after && out.length < options.count)
        out.push(c.toJSDate());
    }
  }
  return out;
}
