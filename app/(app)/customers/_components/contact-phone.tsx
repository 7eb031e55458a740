'use client';

import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { revealContactPhoneAction } from '../actions';

/**
 * A contact's phone as the page received it (full or masked, lib/contacts/phone-visibility). Staff
 * and admin get 显示完整号码 beside a masked number: each click is an audited reveal.
 */
export function ContactPhone({ contactId, phone, canReveal }: { contactId: string; phone: string; canReveal: boolean }) {
  const t = useTranslations('customers');
  const [full, setFull] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const reveal = () => {
    setError(null);
    start(async () => {
      const result = await revealContactPhoneAction({ contactId });
      if (result.ok) setFull(result.data.phone);
      else setError(result.error);
    });
  };

  return (
    <span data-testid="contact-phone">
      <span className="num">{full ?? phone}</span>
      {canReveal && full === null && (
        <>
          {' '}
          <button type="button" className="link-button" disabled={pending} onClick={reveal} data-testid="reveal-phone">
            {t('revealPhone')}
          </button>
        </>
      )}
      {full !== null && <span className="muted small"> {t('phoneRevealedLogged')}</span>}
      {error && (
        <span role="alert" className="field-error">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}
