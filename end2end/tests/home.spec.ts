import { expect, test } from '@playwright/test';

test('the home page lists the movies now showing, rendered and hydrated', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  // Security headers come from the gateway.
  expect(response?.headers()['x-content-type-options']).toBe('nosniff');
  expect(response?.headers()['x-correlation-id']).toBeTruthy();

  // The WASM bundle has taken over the server-rendered page.
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();

  await expect(page).toHaveTitle(/Marquee/);
  const nowShowing = page.getByRole('region', { name: 'Now showing' });
  await expect(nowShowing.getByTestId('movie-card').first()).toBeVisible();
  await expect(nowShowing.getByRole('heading', { name: 'Paper Lanterns' })).toBeVisible();
  await expect(nowShowing.getByRole('heading', { name: 'The Last Monsoon' })).toBeVisible();
  const comingSoon = page.getByRole('region', { name: 'Coming soon' });
  await expect(comingSoon.getByRole('heading', { name: 'Neon Tide' })).toBeVisible();

  // Posters are the project's own SVGs and load.
  const poster = nowShowing.getByRole('img', { name: 'Poster of Paper Lanterns' });
  await expect(poster).toBeVisible();
  expect(await poster.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
});

test.describe('before the WASM bundle runs (JavaScript off)', () => {
  test.use({ javaScriptEnabled: false });

  test('the home page shows the movies, not placeholders', async ({ page }) => {
    await page.goto('/');
    const nowShowing = page.getByRole('region', { name: 'Now showing' });
    await expect(nowShowing.getByRole('heading', { name: 'Paper Lanterns' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  });
});

test('an unknown page answers 404 with a page for people', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This screening does not exist' })).toBeVisible();
});
