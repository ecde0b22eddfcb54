import { expect, type APIRequestContext, type Page } from '@playwright/test';

// What several specs share: names no other run has, tokens, and signing in through the page.

/** `prefix` and something no other test run has made. */
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

export async function tokenOf(request: APIRequestContext, username: string, password: string): Promise<string> {
  const answer = await request.post('/api/auth/token', { form: { username, password } });
  expect(answer.status()).toBe(200);
  return (await answer.json()).access_token;
}

/** Signs in on the login page and waits for `next` to be hydrated. */
export async function signIn(page: Page, username: string, password: string, next: string) {
  await page.goto(`/login?next=${next}`);
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`${next}$`));
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
}
