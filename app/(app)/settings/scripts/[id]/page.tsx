import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { scriptIdInput } from '@/lib/scripts/schemas';
import { getScript, scriptPreviewSettings } from '@/lib/scripts/scripts';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { ScriptEditor } from '../_components/script-editor';
import { OpenDraftButton, RetireButton } from './script-buttons';

export default async function ScriptPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await pageCtx('admin', 'staff');
  const { id } = await params;
  if (!scriptIdInput.safeParse({ scriptId: id }).success) notFound();
  const [script, settings] = await pageLoad(() => Promise.all([getScript({ ctx, input: { scriptId: id } }), scriptPreviewSettings({ ctx })]));
  const [t, format] = await Promise.all([getTranslations('scripts'), getFormatter()]);
  const when = (at: Date | null) => (at ? format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
  const slotLabel = (slot: string) => (slot === 'default' ? t('assign.default') : slot === 'spotCheck' ? t('assign.spotCheckShort') : t('assign.class', { class: slot }));
  // A retired script is read-only, a draft it had included.
  const draft = script.archived ? null : script.draftVersion;

  return (
    <section>
      <p>
        <Link href="/settings/scripts">← {t('back')}</Link>
      </p>
      <div className="row space-between">
        <h1>{script.name}</h1>
        <div className="row">
          {script.archived ? (
            <span className="badge danger">{t('status.retiredScript')}</span>
          ) : script.published ? (
            <span className="badge ok" data-testid="script-in-use">
              {t('list.versionN', { version: script.published.version })}
            </span>
          ) : (
            <span className="badge">{t('list.notPublished')}</span>
          )}
          {!script.archived && <RetireButton scriptId={script.id} disabled={script.assignedTo.length > 0} />}
        </div>
      </div>
      {script.description && <p className="muted">{script.description}</p>}
      <p className="muted small">
        {t('detail.assignedTo')}：{script.assignedTo.length === 0 ? t('detail.notAssigned') : script.assignedTo.map(slotLabel).join('、')}
      </p>

      {draft ? (
        <>
          <h2>{t('detail.draftTitle', { version: draft.version })}</h2>
          <ScriptEditor
            key={draft.id}
            scriptId={script.id}
            version={draft.version}
            threshold={settings.threshold}
            today={settings.today}
            initial={{
              name: script.name,
              description: script.description,
              blind: draft.blind,
              opening: draft.definition.opening ?? '',
              closing: draft.definition.closing ?? '',
              questions: draft.definition.questions.map((q) => ({
                ...q,
                hint: q.hint ?? '',
                options: q.options.map((o) => ({ ...o, knockOut: !!o.knockOut, jump: o.jump ?? '', end: o.end ?? '', value: o.value ?? '' })),
              })),
            }}
          />
        </>
      ) : (
        !script.archived && (
          <div className="card">
            <p>{t('detail.noDraft')}</p>
            <OpenDraftButton scriptId={script.id} nextVersion={(script.versions[0]?.version ?? 0) + 1} />
          </div>
        )
      )}

      <h2>{t('history.title')}</h2>
      <table className="data" data-testid="script-versions">
        <thead>
          <tr>
            <th className="num">{t('history.version')}</th>
            <th>{t('history.status')}</th>
            <th>{t('blind')}</th>
            <th className="num">{t('history.questions')}</th>
            <th className="num">{t('history.maxScore')}</th>
            <th>{t('history.published')}</th>
            <th>{t('history.updatedAt')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {script.versions.map((v) => (
            <tr key={v.id} data-testid="script-version-row" data-status={v.status}>
              <td className="num">{v.version}</td>
              <td>
                <span className={v.status === 'published' ? 'badge ok' : v.status === 'draft' ? 'badge warn' : 'badge'}>{t(`status.${v.status}`)}</span>
              </td>
              <td>{v.blind ? t('blind') : '—'}</td>
              <td className="num">{v.questionCount}</td>
              <td className="num">{v.maxScore ?? '—'}</td>
              <td>{v.publishedAt ? `${when(v.publishedAt)} · ${v.publishedByName ?? ''}` : '—'}</td>
              <td>{when(v.updatedAt)}</td>
              <td>
                <Link href={`/settings/scripts/${script.id}/versions/${v.id}`}>{v.status === 'draft' ? t('history.viewDraft') : t('history.view')}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
