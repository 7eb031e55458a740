'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Controller, useFieldArray, useWatch, type FieldError as RhfFieldError } from 'react-hook-form';
import { CHECK_IN_METHODS, VISIT_TYPES } from '@/lib/visits/rules';
import { CONTACT_ROLES, MAX_CONTACTS_PER_VISIT, MAX_PURPOSE, MAX_SUMMARY, visitReportInput } from '@/lib/visits/schemas';
import { createVisitAction } from '../actions';
import { FieldError, FormActions } from '@/app/_components/form-support';
import { useActionForm } from '@/app/_components/use-action-form';
import { CharCounter } from '@/app/_components/char-counter';

export interface CustomerOption {
  id: string;
  label: string;
  contacts: { id: string; name: string; title: string; role: 'key_person' | 'liaison'; phone: string }[];
}

const EMPTY_CONTACT = { name: '', title: '', role: 'key_person' as const, phone: '' };

/** The manager's visit report (附件3): who was visited, how, when, where checked in, and why. */
export function VisitForm({ customers, now, timeZone }: { customers: CustomerOption[]; now: string; timeZone: string }) {
  const t = useTranslations('visits');
  const tc = useTranslations('common');
  const router = useRouter();
  const [locating, setLocating] = useState<'idle' | 'busy' | 'failed'>('idle');
  const { form, register, errors, submit, feedback } = useActionForm(visitReportInput, createVisitAction, {
    defaultValues: {
      customerId: customers.length === 1 ? customers[0].id : '',
      contactIds: [],
      newContacts: [],
      type: 'on_site',
      visitedAt: now,
      checkInMethod: 'none',
      checkInLatitude: '',
      checkInLongitude: '',
      purpose: '',
      summary: '',
    },
    onSuccess: ({ data }) => router.push(`/visits/${data.id}?saved=1`),
  });
  const { control, setValue, formState } = form;
  const { fields, append, remove } = useFieldArray({ control, name: 'newContacts' });
  const customerId = useWatch({ control, name: 'customerId' });
  const checkInMethod = useWatch({ control, name: 'checkInMethod' });
  const [purpose, summary] = useWatch({ control, name: ['purpose', 'summary'] });
  const customer = customers.find((c) => c.id === customerId);

  const locate = () => {
    if (!navigator.geolocation) return setLocating('failed');
    setLocating('busy');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setValue('checkInLatitude', position.coords.latitude.toFixed(6), { shouldValidate: formState.isSubmitted });
        setValue('checkInLongitude', position.coords.longitude.toFixed(6), { shouldValidate: formState.isSubmitted });
        setLocating('idle');
      },
      () => setLocating('failed'),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };

  return (
    <form onSubmit={submit} className="form" noValidate data-testid="visit-form">
      <label>
        {t('customer')}
        <select
          {...register('customerId', {
            // Contacts belong to one customer: a new customer starts with none ticked.
            onChange: () => setValue('contactIds', []),
          })}
          aria-invalid={!!errors.customerId}
          data-testid="visit-customer"
        >
          <option value="">{t('form.chooseCustomer')}</option>
          {customers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
        <span className="muted small">{t('form.customerHint')}</span>
        <FieldError error={errors.customerId} />
      </label>

      <fieldset className="card">
        <legend>{t('form.contactsOnFile')}</legend>
        {!customer ? (
          <p className="muted">{t('form.chooseCustomerFirst')}</p>
        ) : customer.contacts.length === 0 ? (
          <p className="muted">{t('form.noContactsOnFile')}</p>
        ) : (
          <Controller
            control={control}
            name="contactIds"
            render={({ field }) => {
              const selected = field.value ?? [];
              return (
                <div className="row" data-testid="visit-contacts">
                  {customer.contacts.map((c) => (
                    <label key={c.id} className="row" style={{ flexDirection: 'row', fontWeight: 400 }}>
                      <input
                        type="checkbox"
                        value={c.id}
                        checked={selected.includes(c.id)}
                        onChange={(e) => field.onChange(e.target.checked ? [...selected, c.id] : selected.filter((id) => id !== c.id))}
                      />
                      {c.name}
                      <span className="muted small">
                        {[c.title, tc(`contactRole.${c.role}`), c.phone].filter(Boolean).join(' · ')}
                      </span>
                    </label>
                  ))}
                </div>
              );
            }}
          />
        )}
        <FieldError error={errors.contactIds as RhfFieldError | undefined} />
      </fieldset>

      <fieldset className="card">
        <legend>{t('form.newContacts')}</legend>
        <p className="muted small">{t('form.newContactsHint')}</p>
        {fields.map((row, i) => (
          <div key={row.id} className="form-grid" data-testid={`new-contact-${i}`}>
            <label>
              {t('contactName')}
              <input maxLength={64} {...register(`newContacts.${i}.name`)} aria-invalid={!!errors.newContacts?.[i]?.name} />
              <FieldError error={errors.newContacts?.[i]?.name} />
            </label>
            <label>
              {t('contactTitle')}
              <input maxLength={64} {...register(`newContacts.${i}.title`)} />
              <FieldError error={errors.newContacts?.[i]?.title} />
            </label>
            <label>
              {t('contactRole')}
              <select {...register(`newContacts.${i}.role`)}>
                {CONTACT_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {tc(`contactRole.${role}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('contactPhone')}
              <input type="tel" maxLength={40} {...register(`newContacts.${i}.phone`)} aria-invalid={!!errors.newContacts?.[i]?.phone} />
              <FieldError error={errors.newContacts?.[i]?.phone} />
            </label>
            <div className="row">
              <button type="button" onClick={() => remove(i)}>
                {t('form.remove')}
              </button>
            </div>
          </div>
        ))}
        {fields.length < MAX_CONTACTS_PER_VISIT && (
          <button type="button" onClick={() => append({ ...EMPTY_CONTACT })} data-testid="add-contact">
            + {t('form.addContact')}
          </button>
        )}
      </fieldset>

      <div className="form-grid">
        <fieldset>
          <legend>{t('type')}</legend>
          <div className="row">
            {VISIT_TYPES.map((type) => (
              <label key={type} className="row" style={{ flexDirection: 'row', fontWeight: 400 }}>
                <input type="radio" value={type} {...register('type')} />
                {tc(`visitType.${type}`)}
              </label>
            ))}
          </div>
          <FieldError error={errors.type} />
        </fieldset>
        <label>
          {t('visitedAt')}
          <input type="datetime-local" max={now} {...register('visitedAt')} aria-invalid={!!errors.visitedAt} data-testid="visit-visited-at" />
          <span className="muted small">{t('form.visitedAtHint', { timeZone })}</span>
          <FieldError error={errors.visitedAt} />
        </label>
        <label>
          {t('form.checkInMethod')}
          <select
            {...register('checkInMethod', {
              // No check-in has no location; leftover coordinates would contradict it.
              onChange: (e: React.ChangeEvent<HTMLSelectElement>) => {
                if (e.target.value === 'none') {
                  setValue('checkInLatitude', '');
                  setValue('checkInLongitude', '');
                }
              },
            })}
            data-testid="visit-check-in"
          >
            {CHECK_IN_METHODS.map((m) => (
              <option key={m} value={m}>
                {tc(`checkIn.${m}`)}
              </option>
            ))}
          </select>
          <FieldError error={errors.checkInMethod} />
        </label>
      </div>

      {checkInMethod !== 'none' && (
        <div className="form-grid">
          <label>
            {t('form.latitude')}
            <input inputMode="decimal" {...register('checkInLatitude')} aria-invalid={!!errors.checkInLatitude} data-testid="visit-latitude" />
            <FieldError error={errors.checkInLatitude as RhfFieldError | undefined} />
          </label>
          <label>
            {t('form.longitude')}
            <input inputMode="decimal" {...register('checkInLongitude')} aria-invalid={!!errors.checkInLongitude} data-testid="visit-longitude" />
            <FieldError error={errors.checkInLongitude as RhfFieldError | undefined} />
          </label>
          <div className="row">
            <button type="button" onClick={locate} disabled={locating === 'busy'}>
              {locating === 'busy' ? t('form.locating') : t('form.useMyLocation')}
            </button>
            {locating === 'failed' && <span className="muted small">{t('form.locationFailed')}</span>}
          </div>
        </div>
      )}

      <label>
        {t('purpose')}
        <input
          maxLength={MAX_PURPOSE}
          placeholder={t('form.purposePlaceholder')}
          {...register('purpose')}
          aria-invalid={!!errors.purpose}
          aria-describedby="visit-purpose-count"
          data-testid="visit-purpose"
        />
        <CharCounter value={purpose} max={MAX_PURPOSE} id="visit-purpose-count" testId="visit-purpose-count" />
        <FieldError error={errors.purpose} />
      </label>
      <label>
        {t('summary')}
        <textarea maxLength={MAX_SUMMARY} placeholder={t('form.summaryPlaceholder')} {...register('summary')} aria-describedby="visit-summary-count" data-testid="visit-summary" />
        <CharCounter value={summary} max={MAX_SUMMARY} id="visit-summary-count" testId="visit-summary-count" />
        <FieldError error={errors.summary} />
      </label>

      <FormActions feedback={feedback} submitting={formState.isSubmitting} label={t('form.save')} busyLabel={t('form.saving')} testId="visit-save">
        <Link href="/visits">{t('form.cancel')}</Link>
      </FormActions>
    </form>
  );
}
