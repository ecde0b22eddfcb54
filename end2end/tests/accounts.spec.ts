import { expect, test, type Page } from '@playwright/test';

const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

async function hydrated(page: Page) {
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
}

/** Registers a new account in the page (which signs it in) and answers its username. */
async function registered(page: Page, prefix: string): Promise<string> {
  const username = unique(prefix);
  await page.goto('/register');
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('test123456');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('account-name')).toHaveText(username);
  return username;
}

test('register, see your name, reload and stay signed in, sign out, sign back in', async ({ page }) => {
  const username = unique('ada');
  await page.goto('/register');
  await hydrated(page);
  await page.getByLabel('Full name (optional)').fill('Ada Lovelace');
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('test123456');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('account-name')).toHaveText('Ada Lovelace');

  // The session lives in httpOnly cookies that scripts cannot read.
  const cookies = await page.context().cookies();
  const access = cookies.find((cookie) => cookie.name === 'marquee_access');
  expect(access?.httpOnly).toBe(true);
  expect(access?.sameSite).toBe('Lax');
  expect(await page.evaluate(() => document.cookie)).not.toContain('marquee_access');

  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('account-name')).toHaveText('Ada Lovelace');

  await page.getByTestId('account-name').click();
  await expect(page.getByTestId('profile-username')).toHaveText(username);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByTestId('account-name')).toHaveCount(0);

  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Username or email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill('test123456');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('account-name')).toHaveText('Ada Lovelace');
});

test('an expired access token is refreshed without the user noticing', async ({ page, context }) => {
  const username = await registered(page, 'grace');

  // Drop the access token as if it had expired; the refresh token remains.
  const refresh = (await context.cookies()).find((cookie) => cookie.name === 'marquee_refresh');
  await context.clearCookies({ name: 'marquee_access' });
  await page.reload();
  await expect(page.getByTestId('account-name')).toHaveText(username);
  const after = await context.cookies();
  expect(after.find((cookie) => cookie.name === 'marquee_access')).toBeTruthy();
  expect(after.find((cookie) => cookie.name === 'marquee_refresh')?.value).not.toBe(refresh?.value);
});

test('signing out with an expired access token ends the session for good', async ({ page, context }) => {
  const username = await registered(page, 'hedy');
  await hydrated(page);

  // Idle past the access token's life: the sign-out request itself is what refreshes it.
  await context.clearCookies({ name: 'marquee_access' });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  const left = (await context.cookies()).map((cookie) => cookie.name);
  expect(left).not.toContain('marquee_access');
  expect(left).not.toContain('marquee_refresh');
  await page.reload();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByTestId('account-name')).toHaveCount(0);
});

test.describe('before the WASM bundle runs (JavaScript off)', () => {
  test.use({ javaScriptEnabled: false });

  test('registration errors show inline next to their fields and keep what was typed', async ({ page }) => {
    await page.goto('/register');
    await page.getByLabel('Full name (optional)').fill('Kept Name');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Username').fill('ab');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();

    await expect(page).toHaveURL(/\/register$/);
    await expect(page.getByTestId('error-email')).toHaveText('Enter a valid email address');
    await expect(page.getByTestId('error-username')).toContainText('3-50');
    await expect(page.getByTestId('error-password')).toContainText('at least 8');
    await expect(page.getByLabel('Full name (optional)')).toHaveValue('Kept Name');
    await expect(page.getByLabel('Email')).toHaveValue('not-an-email');
    await expect(page.getByLabel('Password')).toHaveValue('');
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  });

  test('a wrong password says so and keeps the username', async ({ page }) => {
    const username = unique('mallory');
    await page.goto('/login');
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('form-message')).toHaveText('Incorrect username or password.');
    await expect(page.getByLabel('Username or email')).toHaveValue(username);
  });

  test('signing in works without JavaScript', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Username or email').fill('customer');
    await page.getByLabel('Password').fill('marquee-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The home page is shared by everyone signed in; their own pages name them.
    await expect(page.getByTestId('account-name')).toHaveText('Your profile');
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await page.getByTestId('account-name').click();
    await expect(page.getByTestId('account-name')).toHaveText('Demo Customer');
  });
});

test('a form post from another site is refused', async ({ request }) => {
  const response = await request.post('/logout', {
    headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
  });
  expect(response.status()).toBe(403);
});

test('the auth API keeps the original contract through the gateway', async ({ request }) => {
  const username = unique('api');
  const registered = await request.post('/api/auth/register', {
    data: { email: `${username}@example.com`, username, password: 'test123456' },
  });
  expect(registered.status()).toBe(201);
  const token = await request.post('/api/auth/token', { form: { username, password: 'test123456' } });
  expect(token.status()).toBe(200);
  const body = await token.json();
  expect(body.token_type).toBe('bearer');
  const verify = await request.get('/api/auth/verify', { headers: { Authorization: `Bearer ${body.access_token}` } });
  expect((await verify.json()).username).toBe(username);
  const jwks = await request.get('/api/auth/.well-known/jwks.json');
  expect((await jwks.json()).keys[0].crv).toBe('Ed25519');
});
