'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { createScriptInput } from '@/lib/scripts/schemas';
import { createScriptAction } from './actions';

const schema = createScriptInput.extend({ template: z.enum(['empty', 'standard', 'blind']) });
type Values = z.infer<typeof schema>;

/** A new script starts as a draft (version 1), empty or a copy of a shipped template. */
export function CreateScriptForm() {
  const t = useTranslations('scripts.create');
  const te = useTranslations();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { name: '', description: '', template: 'standard' } });
  const message = (m?: string) => (m ? (m.startsWith('errors.') && te.has(m) ? te(m) : m) : null);

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const result = await createScriptAction({ ...values, blind: values.template === 'blind' });
    if (!result.ok) {
      setError([result.error, ...Object.values(result.fieldErrors ?? {})].join(' '));
      return;
    }
    router.push(`/settings/scripts/${result.data.id}`);
  });

  return (
    <form onSubmit={onSubmit} className="form" noValidate data-testid="script-create-form">
      <div className="form-grid">
        <label>
          {t('name')}
          <input {...register('name')} maxLength={100} aria-invalid={!!formState.errors.name} data-testid="script-create-name" />
          {formState.errors.name && <span className="field-error">{message(formState.errors.name.message)}</span>}
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
            <option value="empty">{t('templates.empty')}</option>
          </select>
        </label>
      </div>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={formState.isSubmitting} data-testid="script-create-submit">
          {t('submit')}
        </button>
      </div>
    </form>
  );
}
