import { expect, test } from '@playwright/test';
import { signIn, signOut } from './support';

const roles = [
  { username: 'admin', home: /\/admin\/users/, role: '管理员' },
  { username: 'staff1', home: /\/dashboard/, role: '集团客户部' },
  { username: 'sup1', home: /\/unit/, role: '主管领导' },
  { username: 'mgr01', home: /\/visits/, role: '客户经理' },
  { username: 'agent1', home: /\/desk/, role: '外呼坐席' },
];

for (const { username, home, role } of roles) {
  test(`${username} signs in, lands on their home page and sees their role`, async ({ page }) => {
    await signIn(page, username);
    await expect(page).toHaveURL(home);
    await expect(page.getByTestId('current-user')).toContainText(role);
    const session = await (await page.request.get('/api/auth/session')).json();
    expect(session.user.username).toBe(username);
    await signOut(page);
  });
}

test('a wrong password is refused with a message, and no session is made', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('用户名').fill('mgr02');
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('用户名或密码错误')).toBeVisible();
  const session = await (await page.request.get('/api/auth/session')).json();
  expect(session.user).toBeUndefined();
});

test('an agent is kept out of the admin and customer pages', async ({ page }) => {
  await signIn(page, 'agent2');
  const admin = await page.goto('/admin/users');
  expect(admin?.status()).toBe(403);
  const customers = await page.goto('/customers');
  expect(customers?.status()).toBe(403);
  await expect(page.getByRole('navigation').getByRole('link')).toHaveText(['外呼工作台', '个人信息']);
});

test('the interface switches to English and back', async ({ page }) => {
  await signIn(page, 'agent3');
  // Agents land on their desk.
  await expect(page.getByRole('heading', { name: '外呼工作台' })).toBeVisible();
  await page.getByTestId('locale-switch').click();
  await expect(page.getByRole('heading', { name: 'Callback desk' })).toBeVisible();
  await page.getByTestId('locale-switch').click();
  await expect(page.getByRole('heading', { name: '外呼工作台' })).toBeVisible();
});
