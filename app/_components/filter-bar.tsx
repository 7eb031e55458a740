import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

/**
 * A list's filters as a plain GET form: they live in the address, so a filtered list can be
 * bookmarked and shared. The fields, then 筛选 and 重置 (back to `action`, the whole list).
 */
export async function FilterBar(props: { action: string; testId?: string; primary?: boolean; children: React.ReactNode }) {
  const tc = await getTranslations('common');
  return (
    <form className="toolbar" method="get" action={props.action} role="search" data-testid={props.testId}>
      {props.children}
      <button type="submit" className={props.primary ? 'primary' : undefined}>
        {tc('filter')}
      </button>
      <Link href={props.action}>{tc('reset')}</Link>
    </form>
  );
}
