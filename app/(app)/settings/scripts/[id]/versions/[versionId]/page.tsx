import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { isChoice } from '@/lib/scripts/definition';
import { versionIdInput } from '@/lib/scripts/schemas';
import { getScriptVersion, scriptPreviewSettings } from '@/lib/scripts/scripts';
import { validateDefinition } from '@/lib/scripts/validate';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { ScriptPreview } from '../../../_components/script-preview';

/** One version, read-only (published versions are frozen), with the flow preview. */
export default async function ScriptVersionPage({ params }: { params: Promise<{ id: string; versionId: string }> }) {
  const ctx = await pageCtx('admin', 'staff');
  const { id, versionId } = await params;
  if (!versionIdInput.safeParse({ versionId }).success) notFound();
  const [version, settings] = await pageLoad(() => Promise.all([getScriptVersion({ ctx, input: { versionId } }), scriptPreviewSettings({ ctx })]));
  if (version.scriptId !== id) notFound();
  const [t, tt, to, format] = await Promise.all([getTranslations('scripts'), getTranslations('scripts.flow.types'), getTranslations('scripts.outcomes'), getFormatter()]);
  const def = version.definition;
  const report = validateDefinition(def, { blind: version.blind });
  const idsToN = new Map(def.questions.map((q, i) => [q.id, i + 1]));

  return (
    <section>
      <p>
        <Link href={`/settings/scripts/${id}`}>← {version.scriptName}</Link>
      </p>
      <div className="row space-between">
        <h1>{t('version.title', { name: version.scriptName, version: version.version })}</h1>
        <span className={version.status === 'published' ? 'badge ok' : version.status === 'draft' ? 'badge warn' : 'badge'} data-testid="version-status">
          {t(`status.${version.status}`)}
        </span>
      </div>
      <div className="card">
        <dl className="facts">
          <dt>{t('blind')}</dt>
          <dd>{version.blind ? t('version.blindYes') : t('version.blindNo')}</dd>
          <dt>{t('history.maxScore')}</dt>
          <dd>{version.maxScore ?? report.maxScore ?? '—'}</dd>
          <dt>{t('history.published')}</dt>
          <dd>{version.publishedAt ? `${format.dateTime(version.publishedAt, { dateStyle: 'medium', timeStyle: 'short' })} · ${version.publishedByName ?? ''}` : '—'}</dd>
        </dl>
        {version.status !== 'draft' && <p className="muted small">{t('version.frozen')}</p>}
      </div>

      {def.opening && <p className="card">{def.opening}</p>}
      <table className="data" data-testid="version-questions">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>{t('editor.id')}</th>
            <th>{t('editor.text')}</th>
            <th>{t('editor.type')}</th>
            <th>{t('version.options')}</th>
          </tr>
        </thead>
        <tbody>
          {def.questions.map((q, i) => (
            <tr key={`${q.id}-${i}`}>
              <td className="num">{i + 1}</td>
              <td>
                <code>{q.id}</code>
              </td>
              <td>
                {q.text}
                {q.hint && <div className="muted small">{q.hint}</div>}
              </td>
              <td>
                {tt(q.type)}
                {q.required ? '' : ` · ${t('flow.optional')}`}
                {q.compare && (
                  <div className="muted small">
                    {t(`editor.compareField.${q.compare.field}`)}
                    {q.compare.points > 0 && ` +${q.compare.points}`}
                    {q.compare.toleranceDays !== undefined && ` ±${q.compare.toleranceDays}`}
                  </div>
                )}
              </td>
              <td>
                {isChoice(q.type) ? (
                  <ul className="small">
                    {q.options.map((o) => (
                      <li key={o.id}>
                        {o.label} · {t('version.points', { points: o.points })}
                        {o.knockOut && ` · ${t('editor.knockOut')}`}
                        {o.jump && ` · ${t('version.jumpsTo', { n: idsToN.get(o.jump) ?? '?', id: o.jump })}`}
                        {o.end && ` · ${t('editor.endWith', { outcome: to(o.end) })}`}
                      </li>
                    ))}
                  </ul>
                ) : (
                  q.type === 'number' && (q.min !== undefined || q.max !== undefined) && `${q.min ?? '−∞'} – ${q.max ?? '∞'}`
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {def.closing && <p className="card">{def.closing}</p>}

      <h2>{t('preview.title')}</h2>
      <ScriptPreview definition={def} blind={version.blind} threshold={settings.threshold} today={settings.today} />
    </section>
  );
}
