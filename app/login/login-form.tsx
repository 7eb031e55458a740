'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';

const schema = z.object({
  username: z.string().trim().min(1, 'required'),
  password: z.string().min(1, 'required'),
});
type Values = z.infer<typeof schema>;

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations('auth');
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<Values>({ resolver: zodResolver(schema) });

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const result = await signIn('credentials', { ...values, redirect: false });
    if (!result || result.error) {
      // 'throttled:30': this address must wait 30 s before trying this account again (lib/auth/sign-in).
      const throttled = /^throttled:(\d*)$/.exec(result?.error ?? '');
      const seconds = Number(throttled?.[1]) || 1;
      setError(
        !throttled ? t('invalidCredentials') : seconds < 120 ? t('throttled', { seconds }) : t('throttledMinutes', { minutes: Math.ceil(seconds / 60) }),
      );
      return;
    }
    router.push(callbackUrl);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} className="form" noValidate>
      <label>
        {t('username')}
        <input autoComplete="username" autoFocus {...register('username')} aria-invalid={!!formState.errors.username} />
        {formState.errors.username && <span className="field-error">{t('required')}</span>}
      </label>
      <label>
        {t('password')}
        <input type="password" autoComplete="current-password" {...register('password')} aria-invalid={!!formState.errors.password} />
        {formState.errors.password && <span className="field-error">{t('required')}</span>}
      </label>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? t('signingIn') : t('signIn')}
      </button>
    </form>
  );
}
