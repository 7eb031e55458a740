'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useFieldArray, useForm, useWatch, type FieldError, type FieldErrors } from 'react-hook-form';
import { MAX_PLAN_ITEMS, MAX_PLAN_PURPOSE, savePlanItemsInput, type PlanItemInput, type SavePlanItemsInput } from '@/lib/plans/schemas';
import { savePlanItemsAction, submitPlanAction } from '../actions';
import { applyServerErrors, useErrorText } from '@/app/_components/form-support';
import { CharCounter } from '@/app/_components/char-counter';

export interface CustomerOption {
  id: string;
  label: string;
  address: string;
  contacts: { id: string; label: string }[];
}

export type EditorItem = Required<PlanItemInput>;

const EMPTY_ITEM: EditorItem = { customerId: '', contactId: '', contactName: '', contactPhone: '', plannedAt: '', place: '', purpose: '' };

/** The manager's form for the five items of each planned visit; saves, or saves and submits. */
export function PlanEditor({
  planId,
  min,
  max,
  customers,
  defaultItems,
}: {
  planId: string;
  /** datetime-local bounds of the plan's month, in the app's time zone. */
  min: string;
  max: string;
  customers: CustomerOption[];
  defaultItems: EditorItem[];
}) {
  const t = useTranslations('plans');
  const errorText = useErrorText();
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const form = useForm<SavePlanItemsInput>({
    resolver: zodResolver(savePlanItemsInput),
    defaultValues: { planId, items: defaultItems },
  });
  const { register, control, handleSubmit, setValue, getValues, setError, formState } = form;
  const { fields, append, remove } = useFieldArray({ control, name: 'items' });
  const rows = useWatch({ control, name: 'items' });
  const byId = new Map(customers.map((c) => [c.id, c]));
  const itemErrors = (formState.errors.items ?? []) as FieldErrors<EditorItem>[];
  // Errors about the list as a whole (too many visits) sit on the array itself.
  const listError: FieldError | undefined =
    formState.errors.items?.root ?? (formState.errors.items?.message ? (formState.errors.items as FieldError) : undefined);

  const save = async (values: SavePlanItemsInput): Promise<boolean> => {
    setMessage(null);
    const result = await savePlanItemsAction(values);
    if (!result.ok) {
      setMessage({ tone: 'error', text: result.error });
      applyServerErrors(setError, result.fieldErrors);
      return false;
    }
    form.reset(values);
    return true;
  };

  const onSave = handleSubmit(async (values) => {
    if (!(await save(values))) return;
    setMessage({ tone: 'ok', text: t('editor.saved') });
    router.refresh();
  });

  const onSubmitPlan = handleSubmit(async (values) => {
    if (!(await save(values))) return;
    const result = await submitPlanAction({ planId });
    if (!result.ok) {
      setMessage({ tone: 'error', text: result.error });
      applyServerErrors(setError, result.fieldErrors);
      return;
    }
    setMessage({ tone: 'ok', text: t('editor.submitted') });
    router.refresh();
  });

  const onCustomerChange = (index: number, customerId: string) => {
    // A contact belongs to one customer: a new customer means choosing the contact again.
    setValue(`items.${index}.contactId`, '');
    const address = byId.get(customerId)?.address;
    if (address && !getValues(`items.${index}.place`)) setValue(`items.${index}.place`, address);
  };

  return (
    <form className="form" onSubmit={onSave} noValidate data-testid="plan-editor">
      <input type="hidden" {...register('planId')} />
      {customers.length === 0 && <p className="alert warn">{t('editor.noCustomers')}</p>}
      {fields.length === 0 && <p className="muted">{t('detail.noItems')}</p>}
      {fields.map((field, index) => {
        const row = rows[index] ?? EMPTY_ITEM;
        const customer = byId.get(row.customerId);
        const errors = itemErrors[index] ?? {};
        const typed = !row.contactId;
        const name = (key: keyof EditorItem) => `items.${index}.${key}` as const;
        return (
          <fieldset key={field.id} className="card" data-testid="plan-item">
            <legend>{t('editor.visitN', { n: index + 1 })}</legend>
            <div className="form-grid">
              <label>
                {t('item.customer')}
                <select
                  {...register(name('customerId'), { onChange: (e) => onCustomerChange(index, e.target.value) })}
                  aria-invalid={!!errors.customerId}
                >
                  <option value="">{t('editor.chooseCustomer')}</option>
                  {customers.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.label}
                    </option>
                  ))}
                </select>
                {errors.customerId && <span className="field-error">{errorText(errors.customerId)}</span>}
              </label>
              <label>
                {t('item.contact')}
                <select {...register(name('contactId'))} aria-invalid={!!errors.contactId}>
                  <option value="">{t('editor.typedContact')}</option>
                  {customer?.contacts.map((k) => (
                    <option key={k.id} value={k.id}>
                      {k.label}
                    </option>
                  ))}
                </select>
                {errors.contactId && <span className="field-error">{errorText(errors.contactId)}</span>}
              </label>
              {typed && (
                <>
                  <label>
                    {t('item.contactName')}
                    <input {...register(name('contactName'))} aria-invalid={!!errors.contactName} autoComplete="off" />
                    {errors.contactName && <span className="field-error">{errorText(errors.contactName)}</span>}
                  </label>
                  <label>
                    {t('item.contactPhone')}
                    <input type="tel" {...register(name('contactPhone'))} aria-invalid={!!errors.contactPhone} autoComplete="off" />
                    {errors.contactPhone && <span className="field-error">{errorText(errors.contactPhone)}</span>}
                  </label>
                </>
              )}
              <label>
                {t('item.plannedAt')}
                <input type="datetime-local" min={min} max={max} {...register(name('plannedAt'))} aria-invalid={!!errors.plannedAt} />
                {errors.plannedAt && <span className="field-error">{errorText(errors.plannedAt)}</span>}
              </label>
              <label>
                {t('item.place')}
                <input {...register(name('place'))} aria-invalid={!!errors.place} />
                {errors.place && <span className="field-error">{errorText(errors.place)}</span>}
              </label>
              <label>
                {t('item.purpose')}
                <textarea
                  {...register(name('purpose'))}
                  maxLength={MAX_PLAN_PURPOSE}
                  aria-invalid={!!errors.purpose}
                  aria-describedby={`plan-item-${index}-purpose-count`}
                  data-testid="plan-item-purpose"
                />
                <CharCounter value={row.purpose} max={MAX_PLAN_PURPOSE} id={`plan-item-${index}-purpose-count`} testId="plan-item-purpose-count" />
                {errors.purpose && <span className="field-error">{errorText(errors.purpose)}</span>}
              </label>
            </div>
            <div className="row">
              <button type="button" className="danger" onClick={() => remove(index)}>
                {t('editor.remove')}
              </button>
            </div>
          </fieldset>
        );
      })}
      {listError && <p className="field-error">{errorText(listError)}</p>}
      <div className="row">
        <button
          type="button"
          onClick={() => append({ ...EMPTY_ITEM })}
          disabled={customers.length === 0 || fields.length >= MAX_PLAN_ITEMS}
          data-testid="plan-add-item"
        >
          {t('editor.add')}
        </button>
      </div>
      {message && (
        <p className={`alert ${message.tone}`} role={message.tone === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={formState.isSubmitting} data-testid="plan-save">
          {t('editor.save')}
        </button>
        <button type="button" className="primary" onClick={onSubmitPlan} disabled={formState.isSubmitting || fields.length === 0} data-testid="plan-submit">
          {t('editor.saveAndSubmit')}
        </button>
      </div>
    </form>
  );
}
