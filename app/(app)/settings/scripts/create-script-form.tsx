'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { z } from 'zod';
import { createScriptInput, SCRIPT_TEMPLATES } from '@/lib/scripts/schemas';
import { FeedbackAlert, FieldError } from '@/app/_components/form-support';
import { useActionForm } from '@/app/_components/use-action-form';
import { createScriptAction } from './actions';

const schema = createScriptInput.extend({ template: z.enum(SCRIPT_TEMPLATES) });

/** A new script starts as a draft (version 1), empty or a copy of a shipped template. */
export function CreateScriptForm() {
  const t = useTranslations('scripts.create');
  const router = useRouter();
  // The server's field messages join the alert (fields: none placed).
  const { register, errors, submitting, submit, feedback } = useActionForm(schema, (values) => createScriptAction({ ...values, blind: values.template === 'blind' }), {
    defaultValues: { name: '', description: '', template: 'standard' },
    fields: [],
    onSuccess: ({ data }) => router.push(`/settings/scripts/${data.id}`),
  });

  return (
    <form onSubmit={submit} className="form" noValidate data-testid="script-create-form">
      <div className="form-grid">
        <label>
          {t('name')}
          <input {...register('name')} maxLength={100} aria-invalid={!!errors.name} data-testid="script-create-name" />
          <FieldError error={errors.name} />
        </label>
        <label>
          {t('description')}
          <input {...register('description')} maxLength={500} />
        </label>
        <label>
          {t('template')}
          <select {...register('template')}>
            <option value="standard">{t('templates.standard')}</option>
            <option value="blind">{t('templates.blind')}</option>
            <option value="spotCheck">{t('templates.spotCheck')}</option>
            <option value="empty">{t('templates.empty')}</option>
          </select>
        </label>
      </div>
      <FeedbackAlert feedback={feedback} />
      <div className="row">
        <button type="submit" className="primary" disabled={submitting} data-testid="script-create-submit">
          {t('submit')}
        </button>
      </div>
    </form>
  );
}
