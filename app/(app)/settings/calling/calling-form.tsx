'use client';

import { useFieldArray } from 'react-hook-form';
import { callingForm, type CallingFormInput } from '@/lib/callbacks/calling-form';
import { usePolicyVersionForm } from '../_components/use-policy-version-form';
import { saveCallingPolicyAction } from './actions';

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
const RULES = { id: 'calling', namespace: 'calling', schema: callingForm, save: saveCallingPolicyAction };

/**
 * A new version of the calling rules. The same schema checks in the browser and on the server:
 * an out-of-range value (a window ending before it starts, a lease under 30 s…) is shown at its
 * field and nothing is saved.
 */
export function CallingRulesForm({ defaults, timeZone, minDay }: { defaults: CallingFormInput; timeZone: string; minDay: string }) {
  // Checkbox groups compare their values as strings.
  const initial = { ...defaults, weekdays: (defaults.weekdays as number[]).map(String) };
  const { t, form, register, errors, fieldError, numberField, shell } = usePolicyVersionForm<CallingFormInput>(RULES, { defaults: initial, minDay });
  const windows = useFieldArray({ control: form.control, name: 'windows' });

  return shell(
    <>
      <fieldset className="field" style={{ border: 'none', padding: 0, margin: 0 }}>
        <legend style={{ fontWeight: 500, marginBottom: 4 }}>{t('fields.windows', { tz: timeZone })}</legend>
        {windows.fields.map((w, i) => (
          <div key={w.id} className="row" style={{ alignItems: 'flex-start', marginBottom: 6 }} data-testid={`calling-window-${i}`}>
            <label>
              <span className="small muted">{t('fields.windowStart')}</span>
              <input {...register(`windows.${i}.start`)} placeholder="09:00" size={6} aria-invalid={!!errors.windows?.[i]?.start} data-testid={`calling-window-${i}-start`} />
              {fieldError(errors.windows?.[i]?.start, `windows-${i}-start`)}
            </label>
            <label>
              <span className="small muted">{t('fields.windowEnd')}</span>
              <input {...register(`windows.${i}.end`)} placeholder="12:00" size={6} aria-invalid={!!errors.windows?.[i]?.end} data-testid={`calling-window-${i}-end`} />
              {fieldError(errors.windows?.[i]?.end, `windows-${i}-end`)}
            </label>
            <button type="button" onClick={() => windows.remove(i)} disabled={windows.fields.length <= 1} style={{ marginTop: 18 }}>
              {t('fields.removeWindow')}
            </button>
          </div>
        ))}
        {fieldError(errors.windows?.root ?? errors.windows, 'windows')}
        <div>
          <button type="button" onClick={() => windows.append({ start: '', end: '' })} disabled={windows.fields.length >= 6}>
            {t('fields.addWindow')}
          </button>
        </div>
      </fieldset>

      <fieldset className="field" style={{ border: 'none', padding: 0, margin: 0 }}>
        <legend style={{ fontWeight: 500, marginBottom: 4 }}>{t('fields.weekdays')}</legend>
        <div className="row">
          {WEEKDAYS.map((d) => (
            <label key={d} style={{ display: 'inline-flex', flexDirection: 'row', gap: 4, fontWeight: 400 }}>
              <input type="checkbox" value={d} {...register('weekdays')} data-testid={`calling-weekday-${d}`} />
              {t(`weekdayNames.${d}`)}
            </label>
          ))}
        </div>
        {fieldError(errors.weekdays, 'weekdays')}
      </fieldset>

      <div className="form-grid">
        <label>
          {t('fields.holidays')}
          <textarea {...register('holidays')} rows={5} placeholder="2026-10-01" aria-invalid={!!errors.holidays} data-testid="calling-holidays" />
          <span className="muted small">{t('fields.holidaysHint')}</span>
          {fieldError(errors.holidays, 'holidays')}
        </label>
        <label>
          {t('fields.makeUpWorkdays')}
          <textarea {...register('makeUpWorkdays')} rows={5} placeholder="2026-10-10" aria-invalid={!!errors.makeUpWorkdays} data-testid="calling-makeup" />
          <span className="muted small">{t('fields.makeUpWorkdaysHint')}</span>
          {fieldError(errors.makeUpWorkdays, 'makeUpWorkdays')}
        </label>
      </div>

      <div className="form-grid">
        {numberField('maxAttempts', null)}
        {numberField('retrySpacingMinutes', null)}
        {numberField('callsPerSecond', null, { step: 0.1 })}
        {numberField('leaseSeconds', null, { hint: t('fields.leaseSecondsHint') })}
      </div>
      <label style={{ display: 'inline-flex', flexDirection: 'row', gap: 6, fontWeight: 400 }}>
        <input type="checkbox" {...register('retryDifferentHalfDay')} data-testid="calling-half-day" />
        {t('fields.retryDifferentHalfDay')}
      </label>
      <label style={{ display: 'flex', flexDirection: 'column', gap: 2, fontWeight: 400 }}>
        <span style={{ display: 'inline-flex', gap: 6 }}>
          <input type="checkbox" {...register('manualCallsAllowed')} data-testid="calling-manual" />
          {t('fields.manualCallsAllowed')}
        </span>
        <span className="muted small">{t('fields.manualCallsAllowedHint')}</span>
      </label>
    </>,
  );
}
