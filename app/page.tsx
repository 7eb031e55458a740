import { redirect } from 'next/navigation';
import { currentActor, ROLE_HOME } from '@/lib/web/session';

export default async function Home() {
  const actor = await currentActor();
  redirect(actor ? ROLE_HOME[actor.role] : '/login');
}
