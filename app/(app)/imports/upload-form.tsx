'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** Uploads with XHR so a large file shows its upload progress before validation starts. */
export function UploadForm({ defaultKind }: { defaultKind: string }) {
  const t = useTranslations('imports');
  const router = useRouter();
  const [kind, setKind] = useState(defaultKind);
  const [file, setFile] = useState<File | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) {
      setError(t('chooseFile'));
      return;
    }
    setError(null);
    const body = new FormData();
    body.set('kind', kind);
    body.set('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports');
    xhr.upload.onprogress = (e) => e.lengthComputable && setPercent(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      setPercent(null);
      const json = (() => {
        try {
          return JSON.parse(xhr.responseText);
        } catch {
          return {};
        }
      })();
      if (xhr.status === 200 && json.id) router.push(`/imports/${json.id}`);
      else setError(Object.values((json.fields ?? {}) as Record<string, string>)[0] ?? json.error ?? t('uploadFailed'));
    };
    xhr.onerror = () => {
      setPercent(null);
      setError(t('uploadFailed'));
    };
    xhr.send(body);
  };

  return (
    <form className="row" onSubmit={submit}>
      <label className="field">
        {t('kindLabel')}
        <select name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="customers">{t('kind.customers')}</option>
          <option value="visits">{t('kind.visits')}</option>
        </select>
      </label>
      <label className="field">
        {t('file')}
        <input type="file" name="file" accept=".csv,.xlsx,.txt" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="import-file" />
      </label>
      <button type="submit" className="primary" disabled={percent !== null}>
        {percent !== null ? t('uploading', { percent }) : t('upload')}
      </button>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
