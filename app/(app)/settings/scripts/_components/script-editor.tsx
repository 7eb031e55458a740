'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useMemo, useRef, useState } from 'react';
import { FormProvider, useFieldArray, useForm, useFormContext, useWatch, type FieldError as RhfFieldError, type Path } from 'react-hook-form';
import {
  defaultOptionsFor,
  END_OUTCOMES,
  isChoice,
  MAX_OPTIONS,
  MAX_QUESTIONS,
  PLACEHOLDERS,
  REPORT_PLACEHOLDERS,
  type QuestionType,
  QUESTION_TYPES,
  type ScriptQuestion,
} from '@/lib/scripts/definition';
import { draftFormSchema, type DraftForm } from '@/lib/scripts/schemas';
import { negativeOptions, validateDefinition } from '@/lib/scripts/validate';
import { saveAndPublishAction, saveDraftAction } from '../actions';
import { coerceDefinition } from './coerce';
import styles from './editor.module.css';
import { ScriptPreview } from './script-preview';
import { ValidationPanel } from './validation-panel';

type Feedback = { kind: 'ok' | 'error'; text: string; details?: string[] } | null;
const FIXED_OPTIONS: QuestionType[] = ['yes_no', 'rating'];

function FieldMessage({ error }: { error?: RhfFieldError }) {
  const t = useTranslations();
  if (!error?.message) return null;
  const text = error.type === 'server' ? error.message : error.message.startsWith('errors.') && t.has(error.message) ? t(error.message) : t('errors.invalidValue');
  return (
    <span className="field-error" role="alert">
      {text}
    </span>
  );
}

/** Reads a nested error by dotted path (react-hook-form keeps them as nested objects). */
function errorAt(errors: unknown, path: string): RhfFieldError | undefined {
  let node: unknown = errors;
  for (const key of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node && typeof node === 'object' && 'message' in node ? (node as RhfFieldError) : undefined;
}

const numberOrUndefined = (v: unknown) => (v === '' || v === null || v === undefined ? undefined : Number(v));

/**
 * The draft editor: script name and blind flag, opening and closing, and the ordered questions
 * with their options (points, knock-out, jump, end with an outcome). The validation panel shows
 * live what publishing would refuse; the preview runs the flow as an agent would.
 */
export function ScriptEditor({
  scriptId,
  version,
  initial,
  threshold,
  today,
}: {
  scriptId: string;
  version: number;
  initial: DraftForm;
  threshold: number;
  today: string;
}) {
  const t = useTranslations('scripts.editor');
  const router = useRouter();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [tab, setTab] = useState<'edit' | 'preview'>('edit');
  // Publishing asked to confirm the options that take points off (listed live from the draft).
  const [confirmNegative, setConfirmNegative] = useState(false);
  const form = useForm<DraftForm>({ resolver: zodResolver(draftFormSchema), defaultValues: initial, mode: 'onBlur' });
  const { control, register, handleSubmit, formState, setError, reset } = form;
  const questions = useFieldArray({ control, name: 'questions', keyName: 'fieldKey' });
  const watched = useWatch({ control });
  const definition = useMemo(() => coerceDefinition(watched), [watched]);
  const blind = !!watched.blind;
  const report = useMemo(() => validateDefinition(definition, { blind }), [definition, blind]);
  const negatives = useMemo(() => negativeOptions(definition), [definition]);

  const applyResult = (result: { ok: false; error: string; fieldErrors?: Record<string, string> }) => {
    const details: string[] = [];
    for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
      if (/^(name|description|opening|closing|questions\.\d+\..+)$/.test(field)) setError(field as Path<DraftForm>, { type: 'server', message });
      else details.push(message);
    }
    setFeedback({ kind: 'error', text: result.error, details });
  };

  // The form's own checks failed: show the fields (they may be behind the preview tab).
  const onInvalid = () => {
    setTab('edit');
    setFeedback({ kind: 'error', text: t('fixFields') });
  };

  const onSave = handleSubmit(async (values) => {
    setFeedback(null);
    const result = await saveDraftAction({ ...values, scriptId });
    if (!result.ok) return applyResult(result);
    reset(values);
    setFeedback({ kind: 'ok', text: t('saved', { version: result.data.version }) });
    router.refresh();
  }, onInvalid);

  const publish = handleSubmit(async (values) => {
    setFeedback(null);
    setConfirmNegative(false);
    const result = await saveAndPublishAction({ ...values, scriptId });
    if (!result.ok) return applyResult(result);
    setFeedback({ kind: 'ok', text: t('published', { version: result.data.version }) });
    router.refresh();
  }, onInvalid);

  // Negative points are allowed (a deduction for a wrong answer) but easy to type by mistake:
  // publishing names each such option and asks first.
  const onPublish = () => {
    if (negatives.length > 0) {
      setFeedback(null);
      setConfirmNegative(true);
      return;
    }
    void publish();
  };

  const addQuestion = () => {
    const used = new Set(definition.questions.map((q) => q.id));
    let n = definition.questions.length + 1;
    while (used.has(`q${n}`)) n++;
    questions.append({ id: `q${n}`, type: 'yes_no', text: '', hint: '', required: true, options: defaultOptionsFor('yes_no') });
  };

  return (
    <FormProvider {...form}>
      <form onSubmit={onSave} className="form" noValidate data-testid="script-editor">
        <div className="row">
          <button type="button" className={tab === 'edit' ? 'primary' : undefined} onClick={() => setTab('edit')} aria-pressed={tab === 'edit'}>
            {t('tabEdit', { version })}
          </button>
          <button type="button" className={tab === 'preview' ? 'primary' : undefined} onClick={() => setTab('preview')} aria-pressed={tab === 'preview'} data-testid="script-preview-tab">
            {t('tabPreview')}
          </button>
        </div>
        <div className={styles.layout}>
          <div className={styles.main}>
            {tab === 'preview' ? (
              <ScriptPreview definition={definition} blind={blind} threshold={threshold} today={today} />
            ) : (
              <>
                <div className="card form">
                  <div className="form-grid">
                    <label>
                      {t('name')}
                      <input {...register('name')} maxLength={100} aria-invalid={!!formState.errors.name} data-testid="script-name" />
                      <FieldMessage error={formState.errors.name} />
                    </label>
                    <label>
                      {t('description')}
                      <input {...register('description')} maxLength={500} aria-invalid={!!formState.errors.description} />
                      <FieldMessage error={formState.errors.description} />
                    </label>
                  </div>
                  <label className={styles.inline}>
                    <input type="checkbox" {...register('blind')} data-testid="script-blind" /> {t('blind')}
                  </label>
                  <p className="muted small">{t('blindHint')}</p>
                  <TextWithPlaceholders name="opening" label={t('opening')} blind={blind} rows={2} />
                  <TextWithPlaceholders name="closing" label={t('closing')} blind={blind} rows={2} />
                </div>
                {questions.fields.length === 0 && <p className="muted">{t('noQuestions')}</p>}
                {questions.fields.map((field, index) => (
                  <QuestionEditor
                    key={field.fieldKey}
                    index={index}
                    count={questions.fields.length}
                    blind={blind}
                    allQuestions={definition.questions}
                    onMove={(to) => questions.move(index, to)}
                    onRemove={() => questions.remove(index)}
                  />
                ))}
                <div className="row">
                  <button type="button" onClick={addQuestion} disabled={questions.fields.length >= MAX_QUESTIONS} data-testid="script-add-question">
                    {t('addQuestion')}
                  </button>
                </div>
              </>
            )}
          </div>
          <div className={styles.side}>
            <ValidationPanel report={report} definition={definition} />
          </div>
        </div>
        {feedback && (
          <div className={`alert ${feedback.kind}`} role={feedback.kind === 'error' ? 'alert' : 'status'} data-testid="script-feedback">
            {feedback.text}
            {feedback.details && feedback.details.length > 0 && (
              <ul className="small">
                {feedback.details.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {confirmNegative && negatives.length > 0 && (
          <div className="alert warn" role="alertdialog" aria-label={t('negativeTitle')} data-testid="script-negative-confirm">
            <strong>{t('negativeTitle')}</strong>
            <ul className="small">
              {negatives.map((o) => (
                <li key={`${o.questionId}:${o.optionId}`}>
                  {t('negativeItem', { n: o.n, question: o.questionText || o.questionId, option: o.optionLabel, points: o.points })}
                </li>
              ))}
            </ul>
            <p className="small" style={{ margin: '4px 0' }}>
              {t('negativeHint')}
            </p>
            <div className="row">
              <button type="button" className="primary" onClick={() => void publish()} disabled={formState.isSubmitting} data-testid="script-negative-publish">
                {t('negativePublish')}
              </button>
              <button type="button" onClick={() => setConfirmNegative(false)} data-testid="script-negative-back">
                {t('negativeBack')}
              </button>
            </div>
          </div>
        )}
        <div className="row">
          <button type="submit" disabled={formState.isSubmitting} data-testid="script-save">
            {t('save')}
          </button>
          <button type="button" className="primary" onClick={onPublish} disabled={formState.isSubmitting} data-testid="script-publish">
            {t('publish')}
          </button>
          {!report.ok && <span className="muted small">{t('publishWillFail')}</span>}
        </div>
      </form>
    </FormProvider>
  );
}

/** A text field with buttons inserting a placeholder at the cursor. */
function TextWithPlaceholders({ name, label, blind, rows = 2 }: { name: Path<DraftForm>; label: string; blind: boolean; rows?: number }) {
  const t = useTranslations('scripts.editor');
  const { register, setValue, getValues, formState } = useFormContext<DraftForm>();
  const element = useRef<HTMLTextAreaElement | null>(null);
  const { ref, ...field } = register(name);
  const insert = (placeholder: string) => {
    const el = element.current;
    const current = String(getValues(name) ?? '');
    const start = el?.selectionStart ?? current.length;
    const end = el?.selectionEnd ?? current.length;
    const token = `{${placeholder}}`;
    setValue(name, `${current.slice(0, start)}${token}${current.slice(end)}` as never, { shouldDirty: true, shouldValidate: true });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };
  const error = errorAt(formState.errors, name);
  return (
    <div className="field">
      <label className="field">
        {label}
        <textarea
          {...field}
          ref={(el) => {
            ref(el);
            element.current = el;
          }}
          rows={rows}
          className={styles.shortText}
          aria-invalid={!!error}
        />
      </label>
      <div className={styles.placeholders} aria-label={t('placeholders')}>
        <span className="muted small">{t('insert')}</span>
        {PLACEHOLDERS.map((p) => {
          const hidden = blind && REPORT_PLACEHOLDERS.includes(p);
          return (
            <button key={p} type="button" className={styles.chip} onClick={() => insert(p)} title={hidden ? t('blindHidden') : t(`placeholder.${p}`)} disabled={hidden}>
              {`{${p}}`} {t(`placeholder.${p}`)}
            </button>
          );
        })}
      </div>
      <FieldMessage error={error} />
    </div>
  );
}

function QuestionEditor({
  index,
  count,
  blind,
  allQuestions,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  blind: boolean;
  allQuestions: ScriptQuestion[];
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const t = useTranslations('scripts.editor');
  const tt = useTranslations('scripts.flow.types');
  const to = useTranslations('scripts.outcomes');
  const { register, control, setValue, getValues, formState } = useFormContext<DraftForm>();
  const base = `questions.${index}` as const;
  // Jumps point at question ids: renaming a question takes the jumps to it along.
  const renameJumps = (from: string, to: string) => {
    if (!from || !to || from === to) return;
    (getValues('questions') ?? []).forEach((q, qi) =>
      q.options?.forEach((o, oi) => {
        if (o.jump === from) setValue(`questions.${qi}.options.${oi}.jump`, to, { shouldDirty: true });
      }),
    );
  };
  const options = useFieldArray({ control, name: `${base}.options`, keyName: 'fieldKey' });
  const type = (useWatch({ control, name: `${base}.type` }) ?? 'text') as QuestionType;
  const compare = useWatch({ control, name: `${base}.compare` });
  const selfId = useWatch({ control, name: `${base}.id` });
  const err = (path: string) => errorAt(formState.errors, `${base}.${path}`);
  const fixed = FIXED_OPTIONS.includes(type);
  const compareFields = type === 'single' ? ['visitType'] : type === 'date' ? ['visitDate'] : type === 'text' ? ['purpose'] : [];

  const changeType = (next: QuestionType) => {
    // Options follow the type: yes/no and rating have their fixed sets; free answers have none.
    const keep = (next === 'single' || next === 'multiple') && (type === 'single' || type === 'multiple');
    if (!keep) options.replace(defaultOptionsFor(next));
    if (compare && !((compare.field === 'visitType' && next === 'single') || (compare.field === 'visitDate' && next === 'date') || (compare.field === 'purpose' && next === 'text'))) {
      setValue(`${base}.compare`, undefined, { shouldDirty: true });
    }
  };

  const setCompare = (field: string) => {
    if (!field) setValue(`${base}.compare`, undefined, { shouldDirty: true });
    else setValue(`${base}.compare`, { field: field as 'visitType', points: field === 'purpose' ? 0 : 20, ...(field === 'visitDate' ? { toleranceDays: 3 } : {}) }, { shouldDirty: true });
  };

  const addOption = () => {
    const used = new Set(allQuestions[index]?.options.map((o) => o.id));
    const id = 'abcdefghijklmnopqrstuvwxyz'.split('').find((c) => !used.has(c)) ?? `o${options.fields.length + 1}`;
    options.append({ id, label: '', points: 0 });
  };

  return (
    <fieldset className="card" id={`question-${index}`} data-testid="script-question">
      <legend>{t('questionN', { n: index + 1 })}</legend>
      <div className="row space-between">
        <div className="row">
          <label className={styles.inline}>
            {t('id')}
            <input
              {...register(`${base}.id`, { onBlur: (e) => renameJumps(e.target.dataset.before ?? '', String(e.target.value).trim()) })}
              onFocus={(e) => (e.target.dataset.before = e.target.value.trim())}
              className={styles.idInput}
              aria-invalid={!!err('id')}
            />
          </label>
          <label className={styles.inline}>
            {t('type')}
            <select {...register(`${base}.type`, { onChange: (e) => changeType(e.target.value as QuestionType) })} data-testid="script-question-type">
              {QUESTION_TYPES.map((q) => (
                <option key={q} value={q}>
                  {tt(q)}
                </option>
              ))}
            </select>
          </label>
          <label className={styles.inline}>
            <input type="checkbox" {...register(`${base}.required`)} /> {t('required')}
          </label>
        </div>
        <div className="row">
          <button type="button" onClick={() => onMove(index - 1)} disabled={index === 0} aria-label={t('moveUp')} title={t('moveUp')}>
            ↑
          </button>
          <button type="button" onClick={() => onMove(index + 1)} disabled={index === count - 1} aria-label={t('moveDown')} title={t('moveDown')}>
            ↓
          </button>
          <button type="button" className="danger" onClick={onRemove}>
            {t('removeQuestion')}
          </button>
        </div>
      </div>
      <FieldMessage error={err('id')} />
      <TextWithPlaceholders name={`${base}.text`} label={t('text')} blind={blind} />
      <TextWithPlaceholders name={`${base}.hint`} label={t('hint')} blind={blind} rows={1} />

      {type === 'number' && (
        <div className="row">
          <label className={styles.inline}>
            {t('min')}
            <input type="number" {...register(`${base}.min`, { setValueAs: numberOrUndefined })} className={styles.num} />
          </label>
          <label className={styles.inline}>
            {t('max')}
            <input type="number" {...register(`${base}.max`, { setValueAs: numberOrUndefined })} className={styles.num} />
          </label>
        </div>
      )}

      {compareFields.length > 0 && (
        <div className="row">
          <label className={styles.inline}>
            {t('compare')}
            <select value={compare?.field ?? ''} onChange={(e) => setCompare(e.target.value)} data-testid="script-question-compare">
              <option value="">{t('compareNone')}</option>
              {compareFields.map((f) => (
                <option key={f} value={f}>
                  {t(`compareField.${f}`)}
                </option>
              ))}
            </select>
          </label>
          {compare && compare.field !== 'purpose' && (
            <label className={styles.inline}>
              {t('comparePoints')}
              <input type="number" step={1} {...register(`${base}.compare.points`, { valueAsNumber: true })} className={styles.num} aria-invalid={!!err('compare.points')} />
            </label>
          )}
          {compare?.field === 'visitDate' && (
            <label className={styles.inline}>
              {t('toleranceDays')}
              <input type="number" min={0} max={30} step={1} {...register(`${base}.compare.toleranceDays`, { setValueAs: numberOrUndefined })} className={styles.num} />
            </label>
          )}
          {compare?.field === 'purpose' && <span className="muted small">{t('purposeReview')}</span>}
        </div>
      )}
      <FieldMessage error={err('compare.points')} />

      {isChoice(type) && (
        <table className="data">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('optionId')}</th>
              <th>{t('optionLabel')}</th>
              <th className="num">{t('points')}</th>
              <th>{t('knockOut')}</th>
              {type !== 'multiple' && <th>{t('jump')}</th>}
              {type !== 'multiple' && <th>{t('end')}</th>}
              {compare?.field === 'visitType' && <th>{t('means')}</th>}
              {!fixed && <th />}
            </tr>
          </thead>
          <tbody>
            {options.fields.map((option, o) => {
              const path = `${base}.options.${o}` as const;
              return (
                <tr key={option.fieldKey} data-testid="script-option">
                  <td className="num">{o + 1}</td>
                  <td>
                    <input {...register(`${path}.id`)} readOnly={fixed} className={styles.idInput} aria-invalid={!!err(`options.${o}.id`)} />
                    <FieldMessage error={err(`options.${o}.id`)} />
                  </td>
                  <td>
                    <input {...register(`${path}.label`)} maxLength={200} aria-invalid={!!err(`options.${o}.label`)} />
                    <FieldMessage error={err(`options.${o}.label`)} />
                  </td>
                  <td className="num">
                    <input type="number" step={1} {...register(`${path}.points`, { valueAsNumber: true })} className={styles.num} aria-invalid={!!err(`options.${o}.points`)} data-testid="script-option-points" />
                    <FieldMessage error={err(`options.${o}.points`)} />
                  </td>
                  <td>
                    <input type="checkbox" {...register(`${path}.knockOut`)} aria-label={t('knockOut')} />
                  </td>
                  {type !== 'multiple' && (
                    <td>
                      <select {...register(`${path}.jump`)} aria-label={t('jump')}>
                        <option value="">{t('jumpNext')}</option>
                        {allQuestions.map((q, i) =>
                          q.id === selfId ? null : (
                            <option key={`${q.id}-${i}`} value={q.id}>
                              {t('jumpTo', { n: i + 1, id: q.id })}
                            </option>
                          ),
                        )}
                      </select>
                    </td>
                  )}
                  {type !== 'multiple' && (
                    <td>
                      <select {...register(`${path}.end`)} aria-label={t('end')}>
                        <option value="">{t('endNo')}</option>
                        {END_OUTCOMES.map((outcome) => (
                          <option key={outcome} value={outcome}>
                            {t('endWith', { outcome: to(outcome) })}
                          </option>
                        ))}
                      </select>
                    </td>
                  )}
                  {compare?.field === 'visitType' && (
                    <td>
                      <select {...register(`${path}.value`)} aria-label={t('means')}>
                        <option value="">{t('meansNeither')}</option>
                        <option value="on_site">{t('compareValue.on_site')}</option>
                        <option value="phone">{t('compareValue.phone')}</option>
                      </select>
                    </td>
                  )}
                  {!fixed && (
                    <td>
                      <button type="button" className="link-button" onClick={() => options.remove(o)}>
                        {t('removeOption')}
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {isChoice(type) && !fixed && (
        <div className="row">
          <button type="button" onClick={addOption} disabled={options.fields.length >= MAX_OPTIONS}>
            {t('addOption')}
          </button>
          <span className="muted small">{type === 'multiple' ? t('multipleHint') : t('singleHint')}</span>
        </div>
      )}
    </fieldset>
  );
}
