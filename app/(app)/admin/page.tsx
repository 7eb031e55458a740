import { redirect } from 'next/navigation';
import { pageCtx } from '@/lib/web/page-guard';

export default async function AdminPage() {
  await pageCtx('admin');
  redirect('/admin/users');
}
