import { expect, test } from '@playwright/test';

test('find a movie by search, open it, pick a date and see its showtimes', async ({ page }) => {
  await page.goto('/search');
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  await page.getByLabel('Title or director').fill('lantern');
  await page.getByLabel('City').selectOption('Hanoi');
  await page.getByRole('button', { name: 'Search' }).click();

  // The filters are in the URL, so the search can be shared and the back button works.
  await expect(page).toHaveURL(/q=lantern/);
  await expect(page).toHaveURL(/city=Hanoi/);
  const results = page.getByTestId('search-results');
  await expect(results.getByRole('link', { name: 'Paper Lanterns' })).toBeVisible();
  await expect(results.getByTestId('movie-card')).toHaveCount(1);

  await results.getByRole('link', { name: 'Paper Lanterns' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Paper Lanterns' })).toBeVisible();

  const days = page.getByTestId('day-picker').getByRole('link');
  expect(await days.count()).toBeGreaterThanOrEqual(6);
  await days.nth(2).click();
  await expect(page).toHaveURL(/date=\d{4}-\d{2}-\d{2}/);
  await expect(days.nth(2)).toHaveAttribute('aria-current', 'date');
  await expect(page.getByTestId('showtime').first()).toBeVisible();
  await expect(page.getByTestId('showtime-groups')).toContainText('Marquee');
  await expect(page.getByTestId('showtime').first()).toContainText('₫');

  await page.goBack();
  await expect(days.nth(0)).toHaveAttribute('aria-current', 'date');
  await page.goBack();
  await expect(page).toHaveURL(/search\?/);
  await expect(page.getByLabel('Title or director')).toHaveValue('lantern');
});

test('a search with no match says so', async ({ page }) => {
  await page.goto('/search?q=no-such-film-anywhere');
  await expect(page.getByTestId('no-results')).toBeVisible();
});

test('a cinema page shows its program by day', async ({ page }) => {
  await page.goto('/cinemas');
  await page.getByRole('link', { name: 'Marquee Hoan Kiem' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Marquee Hoan Kiem' })).toBeVisible();
  await expect(page.getByTestId('showtime').first()).toBeVisible();
});

test('an unknown movie is a 404 page', async ({ page }) => {
  await page.goto('/movies/00000000-0000-0000-0000-000000000000');
  await expect(page.getByRole('heading', { name: 'This screening does not exist' })).toBeVisible();
});

test('an unknown address is the 404 page, signed out or signed in', async ({ page }) => {
  for (const signedIn of [false, true]) {
    if (signedIn) {
      await page.goto('/login');
      await page.getByLabel('Username or email').fill('customer');
      await page.getByLabel('Password').fill('marquee-demo');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('account-name')).toBeVisible();
    }
    const response = await page.goto('/no/such/page');
    expect(response!.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'This screening does not exist' })).toBeVisible();
    await expect(page.getByTestId('account-name')).toHaveCount(signedIn ? 1 : 0);
  }
});

test('a showtime opens its seat map, drawn from the hall layout with prices and statuses', async ({ page, request }) => {
  const showtimes = await (await request.get('/api/movies/showtimes?limit=500')).json();
  const showtime = showtimes.find((s: { theater_name: string; hall_name: string }) =>
    s.theater_name === 'Marquee Saigon Centre' && s.hall_name === 'Hall 1');
  await page.goto(`/movies/${showtime.movie_id}?date=${showtime.show_date}`);
  await page.locator(`a[href="/showtimes/${showtime.id}"]`).click();

  const map = page.getByTestId('seat-map');
  await expect(map).toBeVisible();
  await expect(map.locator('[data-seat="A1"]')).toHaveAttribute('aria-label', /Row A seat 1, Wheelchair space: for a guest who uses a wheelchair, .*₫, available/);
  await expect(map.locator('[data-seat="A2"]')).toHaveAttribute('aria-label', /Companion seat: book it with the wheelchair space beside it/);
  await expect(map.locator('[data-seat="B5"]')).toHaveAttribute('data-status', 'blocked');
  await expect(map.locator('[data-seat="F3"]')).toHaveAttribute('aria-label', /VIP/);
  await expect(page.getByRole('region', { name: 'Legend' })).toContainText('Couple (sold as a pair)');
});
