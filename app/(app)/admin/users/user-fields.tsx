'use client';

import { useTranslations } from 'next-intl';
import type { FieldErrors, UseFormRegister } from 'react-hook-form';
import { ROLES } from '@/lib/platform/core/context';
import { emptyAsNull, Field } from '@/app/_components/form-support';

export interface UnitOption {
  id: string;
  code: string;
  name: string;
  active: boolean;
}

type ProfileFields = { displayName: string; role: string; unitId?: string | null; phone?: string | null };

/** Name, role, unit and phone: the same fields on the create and the edit form. */
export function UserProfileFields<T extends ProfileFields>({
  register,
  errors,
  units,
}: {
  register: UseFormRegister<T>;
  errors: FieldErrors<T>;
  units: UnitOption[];
}) {
  const t = useTranslations('admin.users');
  const tr = useTranslations('common.roles');
  // The generic form type hides these names from TypeScript; they are on every user form.
  const reg = register as unknown as UseFormRegister<ProfileFields>;
  const err = errors as FieldErrors<ProfileFields>;
  return (
    <>
      <Field label={t('displayName')} error={err.displayName}>
        <input maxLength={64} {...reg('displayName')} aria-invalid={!!err.displayName} />
      </Field>
      <Field label={t('role')} error={err.role}>
        <select {...reg('role')} aria-invalid={!!err.role} data-testid="user-role">
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {tr(role)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('unit')} error={err.unitId}>
        <select {...reg('unitId', { setValueAs: emptyAsNull })} aria-invalid={!!err.unitId} data-testid="user-unit">
          <option value="">{t('noUnit')}</option>
          <UnitOptions units={units} />
        </select>
        <span className="muted small">{t('unitHint')}</span>
      </Field>
      <Field label={t('phone')} error={err.phone}>
        <input type="tel" maxLength={40} autoComplete="off" {...reg('phone')} aria-invalid={!!err.phone} />
      </Field>
    </>
  );
}

/** The units as choices: code · name, a deactivated one marked so. */
export function UnitOptions({ units }: { units: UnitOption[] }) {
  const ta = useTranslations('admin');
  return units.map((unit) => (
    <option key={unit.id} value={unit.id}>
      {unit.code} · {unit.name}
      {unit.active ? '' : ` (${ta('inactive')})`}
    </option>
  ));
}
