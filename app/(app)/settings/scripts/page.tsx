import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { VERIFICATION_SLOTS } from '@/lib/scripts/schemas';
import { listAssignments, listScripts } from '@/lib/scripts/scripts';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { AssignmentForm } from './assignment-form';
import { CreateScriptForm } from './create-script-form';

/** Callback scripts (外呼脚本): the list, which script each customer class and spot checks use, and a new script. */
export default async function ScriptsPage() {
  const ctx = await pageCtx('admin', 'staff');
  const [scripts, assignments] = await pageLoad(() => Promise.all([listScripts({ ctx }), listAssignments({ ctx })]));
  const [t, format] = await Promise.all([getTranslations('scripts'), getFormatter()]);
  const when = (at: Date | null) => (at ? format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
  const slotLabel = (slot: string) => (slot === 'default' ? t('assign.default') : slot === 'spotCheck' ? t('assign.spotCheckShort') : t('assign.class', { class: slot }));
  const assignable = scripts
    .filter((s) => !s.archived && s.published)
    .map((s) => ({ id: s.id, label: `${s.name}（${t('list.versionN', { version: s.published!.version })}${s.published!.blind ? ` · ${t('blind')}` : ''}）` }));
  const slotsOf = (slots: readonly string[]) => assignments.filter((a) => slots.includes(a.slot)).map((a) => ({ slot: a.slot, scriptId: a.scriptId ?? '' }));

  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>

      {scripts.length === 0 ? (
        <p className="muted">{t('list.none')}</p>
      ) : (
        <table className="data" data-testid="scripts-table">
          <thead>
            <tr>
              <th>{t('list.name')}</th>
              <th>{t('list.inUse')}</th>
              <th>{t('list.draft')}</th>
              <th className="num">{t('list.versions')}</th>
              <th>{t('list.assignedTo')}</th>
              <th>{t('list.updatedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {scripts.map((s) => (
              <tr key={s.id} data-testid="script-row" data-name={s.name}>
                <td>
                  <Link href={`/settings/scripts/${s.id}`}>{s.name}</Link>
                  {s.description && <div className="muted small">{s.description}</div>}
                </td>
                <td>
                  {s.archived ? (
                    <span className="badge danger">{t('status.retiredScript')}</span>
                  ) : s.published ? (
                    <>
                      <span className="badge ok">{t('list.versionN', { version: s.published.version })}</span>{' '}
                      {s.published.blind && <span className="badge info">{t('blind')}</span>}
                    </>
                  ) : (
                    <span className="badge">{t('list.notPublished')}</span>
                  )}
                </td>
                <td>{s.draft ? <span className="badge warn">{t('list.versionN', { version: s.draft.version })}</span> : '—'}</td>
                <td className="num">{s.versions.length}</td>
                <td>{s.assignedTo.length === 0 ? '—' : s.assignedTo.map(slotLabel).join('、')}</td>
                <td>{when(s.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('assign.title')}</h2>
      <div className="card">
        <p className="muted small">{t('assign.intro')}</p>
        <AssignmentForm assignments={slotsOf(VERIFICATION_SLOTS)} scripts={assignable} />
      </div>

      <h2>{t('assign.spotCheckTitle')}</h2>
      <div className="card" data-testid="spot-check-script-section">
        <p className="muted small">{t('assign.spotCheckIntro')}</p>
        <AssignmentForm assignments={slotsOf(['spotCheck'])} scripts={assignable} testId="spot-check-assignment-form" saveTestId="assign-save-spot-check" />
      </div>

      <h2>{t('create.title')}</h2>
      <div className="card">
        <CreateScriptForm />
      </div>
    </section>
  );
}
