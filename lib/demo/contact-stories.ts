import { isSingleChoice, type Answers, type ScriptDefinition, type ScriptOption, type ScriptQuestion, type VisitContext } from '@/lib/scripts/definition';

/**
 * What the demo's contacts say when a callback reaches them, in a fixed rotation per manager, so
 * the month has the same mix however the sampling falls. A confirmed manager's contacts confirm
 * the visit (some only in part), now and then ask to be called back tomorrow or will not answer
 * questions. A doubtful manager's contacts (accounts.ts) also deny the visit (the script's
 * knock-out) or contradict the report (another visit type, other topics, unhappy — below the
 * valid score): one in three of their callbacks ends invalid. (Contacts nobody answers for are in
 * the demo data: their numbers end in digits the emulator never answers.) Pure.
 */
export type ContactStory = 'confirms' | 'confirmsPartly' | 'denies' | 'contradicts' | 'callsBackLater' | 'refuses';

export const CONTACT_STORIES: Record<'confirmed' | 'doubtful', readonly ContactStory[]> = {
  confirmed: ['confirms', 'confirms', 'confirmsPartly', 'confirms', 'callsBackLater', 'confirms', 'confirms', 'confirmsPartly', 'confirms', 'refuses', 'confirms', 'confirms'],
  doubtful: ['confirms', 'denies', 'confirmsPartly', 'contradicts', 'confirms', 'callsBackLater', 'confirms', 'denies', 'refuses', 'confirms', 'contradicts', 'confirmsPartly'],
};

/**
 * On a spot check (电话抽查) the contact is asked about the day's planned visit: an absent
 * manager's customers always deny it, a doubtful manager's now and then; the others confirm.
 */
export const SPOT_CHECK_STORIES: Record<'absent' | 'doubtful' | 'confirmed', readonly ContactStory[]> = {
  absent: ['denies'],
  doubtful: ['confirms', 'denies', 'confirms', 'confirms', 'confirmsPartly'],
  confirmed: ['confirms', 'confirms', 'confirmsPartly', 'confirms'],
};

/** The story of the n-th spot-check callback (0-based) of a manager's that reached a person. */
export function spotCheckStoryAt(manager: 'absent' | 'doubtful' | 'confirmed', n: number): ContactStory {
  const stories = SPOT_CHECK_STORIES[manager];
  return stories[n % stories.length];
}

/** The story of the n-th callback (0-based) of a manager's that reached a person. */
export function storyAt(manager: 'confirmed' | 'doubtful', n: number): ContactStory {
  const stories = CONTACT_STORIES[manager];
  return stories[n % stories.length];
}

const REMARKS: Partial<Record<ContactStory, string>> = {
  confirmsPartly: '希望以后上门前先电话约一下时间。',
  contradicts: '最近没见到客户经理上门，有问题都是我们自己打电话找的。',
  denies: '没有印象有人来拜访过。',
};

/** The option a contact with this story chooses, or undefined to leave the question unanswered. */
function choose(q: ScriptQuestion, truth: VisitContext, story: ContactStory): string | string[] | number | undefined {
  const plain = (o: ScriptOption) => !o.knockOut && !o.end;
  if (isSingleChoice(q.type)) {
    const knockOut = q.options.find((o) => o.knockOut);
    if (knockOut) return story === 'denies' ? knockOut.id : q.options.find(plain)?.id;
    if (q.compare?.field === 'visitType') {
      const reported = q.options.find((o) => o.value === truth.visitType);
      const other = q.options.find((o) => o.value && o.value !== truth.visitType);
      return (story === 'contradicts' ? other : reported)?.id ?? q.options.find(plain)?.id;
    }
    const plainOptions = q.options.filter(plain);
    if (q.type === 'rating') {
      // Ratings run from the worst to the best: very happy, happy, or unhappy.
      const at = story === 'contradicts' ? 1 : story === 'confirmsPartly' ? plainOptions.length - 2 : plainOptions.length - 1;
      return plainOptions[Math.max(0, at)]?.id;
    }
    // Other single choices list the best match first ("一致", "部分一致", "不一致").
    const at = story === 'contradicts' ? plainOptions.length - 1 : story === 'confirmsPartly' ? Math.min(1, plainOptions.length - 1) : 0;
    return plainOptions[at]?.id;
  }
  switch (q.type) {
    case 'date':
      // Who contradicts the report does not remember a day either.
      return q.compare?.field === 'visitDate' && truth.visitDate && story !== 'contradicts' ? truth.visitDate : undefined;
    case 'text':
      if (q.compare?.field === 'purpose') return story === 'contradicts' ? '问了问话费账单的事。' : (truth.purpose ?? undefined);
      return q.required ? (REMARKS[story] ?? '没有其他意见。') : REMARKS[story];
    case 'multiple':
      return q.required && q.options.length > 0 ? [q.options[0].id] : undefined;
    case 'number':
      return q.required ? (q.min ?? 0) : undefined;
    default:
      return undefined;
  }
}

/**
 * The answers a contact with this story gives, following the script's flow as the desk does (an
 * option's jump or end of call is followed). `truth` is the visit as it happened — the report.
 */
export function storyAnswers(definition: ScriptDefinition, truth: VisitContext, story: ContactStory): Answers {
  const answers: Answers = {};
  const index = new Map(definition.questions.map((q, i) => [q.id, i]));
  for (let i = 0, steps = 0; i < definition.questions.length && steps <= definition.questions.length; steps++) {
    const q = definition.questions[i];
    const value = choose(q, truth, story);
    if (value !== undefined) answers[q.id] = value;
    const option = isSingleChoice(q.type) && typeof value === 'string' ? q.options.find((o) => o.id === value) : undefined;
    if (option?.end) break;
    i = option?.jump ? (index.get(option.jump) ?? definition.questions.length) : i + 1;
  }
  return answers;
}
