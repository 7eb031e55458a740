'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useRefreshingAction } from '@/app/_components/action-button';
import { FeedbackAlert } from '@/app/_components/form-support';
import { deactivateContactAction } from '../actions';
import { ContactPhone } from '../_components/contact-phone';
import { ContactForm } from './contact-form';

export interface ContactView {
  id: string;
  name: string;
  title: string;
  role: 'key_person' | 'liaison';
  phone: string;
  active: boolean;
}

/** The contacts table; those who keep the contacts edit a row in place, deactivate it, or add one. */
export function ContactsSection({
  customerId,
  contacts,
  canEdit,
  phonesMasked = false,
  canRevealPhones = false,
}: {
  customerId: string;
  contacts: ContactView[];
  canEdit: boolean;
  phonesMasked?: boolean;
  canRevealPhones?: boolean;
}) {
  const t = useTranslations('customers');
  const tc = useTranslations('common');
  const [editing, setEditing] = useState<string | null>(null);
  const { pending, feedback, run } = useRefreshingAction();

  const deactivate = (contact: ContactView) => {
    if (!window.confirm(t('confirmDeactivate', { name: contact.name }))) return;
    run(() => deactivateContactAction({ id: contact.id }), { done: t('contactDeactivated') });
  };

  return (
    <>
      {contacts.length === 0 ? (
        <p className="muted">{t('noContacts')}</p>
      ) : (
        <table className="data" data-testid="contacts-table">
          <thead>
            <tr>
              <th>{t('contactName')}</th>
              <th>{t('contactTitle')}</th>
              <th>{t('contactRole')}</th>
              <th>{t('contactPhone')}</th>
              <th>{t('contactStatus')}</th>
              {canEdit && <th>{tc('actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {contacts.map((c) =>
              editing === c.id ? (
                <tr key={c.id}>
                  <td colSpan={canEdit ? 6 : 5}>
                    <ContactForm
                      customerId={customerId}
                      contactId={c.id}
                      initial={{ name: c.name, title: c.title, role: c.role, phone: phonesMasked ? '' : c.phone }}
                      phoneMasked={phonesMasked}
                      onDone={() => setEditing(null)}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={c.id} className={c.active ? '' : 'muted'}>
                  <td>{c.name}</td>
                  <td>{c.title}</td>
                  <td>{tc(`contactRole.${c.role}`)}</td>
                  <td>
                    <ContactPhone contactId={c.id} phone={c.phone} canReveal={canRevealPhones && phonesMasked} />
                  </td>
                  <td>
                    <span className={`badge ${c.active ? 'ok' : ''}`}>{c.active ? t('contactActive') : t('contactInactive')}</span>
                  </td>
                  {canEdit && (
                    <td>
                      {c.active && (
                        <div className="row">
                          <button type="button" className="link-button" onClick={() => setEditing(c.id)}>
                            {t('editContact')}
                          </button>
                          <button type="button" className="link-button" disabled={pending} onClick={() => deactivate(c)}>
                            {t('deactivate')}
                          </button>
                        </div>
                      )}
                    </td>
                  )}
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      <FeedbackAlert feedback={feedback} />
      {canEdit && (
        <div className="card" style={{ marginTop: 12 }}>
          <h3>{t('addContact')}</h3>
          <ContactForm customerId={customerId} />
        </div>
      )}
    </>
  );
}
