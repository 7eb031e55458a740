import { z } from 'zod';
import type { PolicyValue } from '@/lib/policy/definitions';
import { isRealDay } from '@/lib/platform/time/zone';

/**
 * The calling-rules form (settings/calling), shared by the browser (zodResolver) and the server
 * action, so an out-of-range value is refused with its message at the field before anything is
 * saved. Messages are `errors.*` catalogue keys. The ranges are those of the 'calling' policy
 * definition, which validates the saved value once more.
 */
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const HHMM_OR_24 = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** A textarea of dates — one per line, or separated by commas/spaces — as a sorted, de-duplicated list. */
export function dayList(text: string): string[] {
  return [...new Set(text.split(/[\s,，;；、]+/).filter(Boolean))].sort();
}

const dayListField = (max: number, tooMany: string) =>
  z
    .string()
    .max(20_000, 'errors.calling.badDates')
    .refine((text) => dayList(text).every(isRealDay), 'errors.calling.badDates')
    .refine((text) => dayList(text).length <= max, tooMany);

const wholeIn = (min: number, max: number, message: string) => z.number(message).int(message).min(min, message).max(max, message);

export const callingForm = z
  .object({
    effectiveFrom: z.string().refine(isRealDay, 'errors.calling.effectiveFromInvalid'),
    windows: z
      .array(z.object({ start: z.string().regex(HHMM, 'errors.calling.timeFormat'), end: z.string().regex(HHMM_OR_24, 'errors.calling.timeFormat') }))
      .min(1, 'errors.calling.windowsRequired')
      .max(6, 'errors.calling.windowsTooMany'),
    weekdays: z.array(z.coerce.number().int().min(1).max(7)).min(1, 'errors.calling.weekdaysRequired').max(7),
    holidays: dayListField(400, 'errors.calling.tooManyHolidays'),
    makeUpWorkdays: dayListField(100, 'errors.calling.tooManyMakeUpDays'),
    maxAttempts: wholeIn(1, 10, 'errors.calling.maxAttemptsRange'),
    retrySpacingMinutes: wholeIn(1, 7 * 24 * 60, 'errors.calling.spacingRange'),
    retryDifferentHalfDay: z.boolean(),
    callsPerSecond: z.number('errors.calling.callsPerSecondRange').min(0.1, 'errors.calling.callsPerSecondRange').max(100, 'errors.calling.callsPerSecondRange'),
    leaseSeconds: wholeIn(30, 600, 'errors.calling.leaseRange'),
    manualCallsAllowed: z.boolean(),
    note: z.string().trim().max(500, 'errors.callbacks.noteTooLong'),
  })
  .superRefine((value, ctx) => {
    value.windows.forEach((w, i) => {
      if (HHMM.test(w.start) && HHMM_OR_24.test(w.end) && w.end <= w.start) {
        ctx.addIssue({ code: 'custom', path: ['windows', i, 'end'], message: 'errors.calling.windowEndBeforeStart' });
      }
      const previous = value.windows[i - 1];
      if (previous && HHMM.test(w.start) && w.start < previous.end) {
        ctx.addIssue({ code: 'custom', path: ['windows', i, 'start'], message: 'errors.calling.windowsOverlap' });
      }
    });
    const holidays = new Set(dayList(value.holidays));
    if (dayList(value.makeUpWorkdays).some((d) => holidays.has(d))) {
      ctx.addIssue({ code: 'custom', path: ['makeUpWorkdays'], message: 'errors.calling.dayInBothLists' });
    }
  });

export type CallingFormInput = z.input<typeof callingForm>;
export type CallingFormValues = z.output<typeof callingForm>;

export function toPolicyValue(form: CallingFormValues): PolicyValue<'calling'> {
  return {
    windows: form.windows.map((w) => ({ start: w.start, end: w.end })),
    weekdays: [...new Set(form.weekdays)].sort(),
    holidays: dayList(form.holidays),
    makeUpWorkdays: dayList(form.makeUpWorkdays),
    maxAttempts: form.maxAttempts,
    retrySpacingMinutes: form.retrySpacingMinutes,
    retryDifferentHalfDay: form.retryDifferentHalfDay,
    callsPerSecond: form.callsPerSecond,
    leaseSeconds: form.leaseSeconds,
    manualCallsAllowed: form.manualCallsAllowed,
  };
}

/** The form prefilled from a policy value (the version in force), effective from a given day. */
export function toFormValues(value: PolicyValue<'calling'>, effectiveFrom: string): CallingFormInput {
  return {
    effectiveFrom,
    windows: value.windows.map((w) => ({ ...w })),
    weekdays: [...value.weekdays],
    holidays: value.holidays.join('\n'),
    makeUpWorkdays: value.makeUpWorkdays.join('\n'),
    maxAttempts: value.maxAttempts,
    retrySpacingMinutes: value.retrySpacingMinutes,
    retryDifferentHalfDay: value.retryDifferentHalfDay,
    callsPerSecond: value.callsPerSecond,
    leaseSeconds: value.leaseSeconds,
    manualCallsAllowed: value.manualCallsAllowed,
    note: '',
  };
}
