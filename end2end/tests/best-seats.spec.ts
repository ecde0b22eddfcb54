import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

import { unique } from './support';

/** A new customer signed in on the seat map of the `index`th big-hall showtime far down Hanoi's
 * list (other tests leave those alone), live. */
async function onSeatMap(page: Page, request: APIRequestContext, index: number) {
  const username = unique('best');
  const registered = await request.post('/api/auth/register', {
    data: { username, email: `${username}@example.com`, password: 'marquee-e2e-1' },
  });
  expect(registered.status()).toBe(201);
  const showtimes = await (await request.get('/api/movies/showtimes?city=Hanoi&limit=60')).json();
  const showtime = showtimes.filter((s: { total_seats: number }) => s.total_seats >= 90)[index];
  await page.goto(`/login?next=/showtimes/${showtime.id}`);
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill('marquee-e2e-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-live', 'true');
}

// Choosing seats: "Best seats for N" (the booking service chooses side by side, two thirds back
// and central, and holds them at once), a choice that would strand a single seat (allowed, but
// said), and wheelchair spaces and companion seats (sold as such).

test('a customer asks for the best four seats and gets them side by side, held', async ({ page, request }) => {
  await onSeatMap(page, request, 8);

  const best = page.getByTestId('best-seats');
  await best.getByLabel('Best seats for').selectOption('4');
  await best.getByRole('button', { name: 'Find best seats' }).click();
  await expect(page.getByTestId('seat-notice')).toContainText('Held the best 4 seats together:');
  await expect(page.getByTestId('hold-countdown')).toBeVisible();

  const held = page.getByTestId('seat-map').locator('[data-status="held"][aria-pressed="true"]');
  await expect(held).toHaveCount(4);
  const labels = await held.evaluateAll((seats) => seats.map((seat) => seat.getAttribute('data-seat')!));
  const rows = new Set(labels.map((label) => label[0]));
  const numbers = labels.map((label) => Number(label.slice(1))).sort((a, b) => a - b);
  expect(rows.size, labels.join()).toBe(1);
  expect(numbers[3] - numbers[0], labels.join()).toBe(3);
  await page.screenshot({ path: test.info().outputPath('best-seats.png'), fullPage: true });

  // Still the customer's to change: released, they are free again.
  await page.getByRole('button', { name: 'Release seats' }).click();
  await expect(page.getByTestId('seat-map').locator(`[data-seat="${labels[0]}"]`)).toHaveAttribute('data-status', 'available');
});

test('seats that would strand a single seat may be chosen, and the customer is told how to avoid it', async ({ page, request }) => {
  await onSeatMap(page, request, 9);
  const map = page.getByTestId('seat-map');
  // Row E's middle block is seats 3-10, after an aisle: choosing 4-6 leaves 3 alone.
  for (const label of ['E4', 'E5', 'E6']) await map.locator(`[data-seat="${label}"]`).click();
  const warning = page.getByTestId('lone-seat-warning');
  await expect(warning).toHaveText('E3 would be left alone: choose it too, or move one seat left.');
  await expect(page.getByRole('button', { name: 'Hold 3 seats' })).toBeEnabled();
  await map.locator('[data-seat="E3"]').click();
  await expect(warning).toBeEmpty();
});

test('a companion seat is refused alone and held with the wheelchair space beside it, once the need is confirmed', async ({ page, request }) => {
  await onSeatMap(page, request, 10);
  const map = page.getByTestId('seat-map');
  await expect(map.locator('[data-seat="A2"]')).toHaveAttribute('aria-label', /Companion seat: book it with the wheelchair space beside it/);
  await map.locator('[data-seat="A2"]').click();
  await page.getByRole('button', { name: 'Hold 1 seat' }).click();
  await expect(page.getByTestId('seat-notice')).toContainText('Companion seat A2: book it with the wheelchair space beside it');

  await map.locator('[data-seat="A1"]').click();
  const hold = page.getByRole('button', { name: 'Hold 2 seats' });
  await expect(hold).toBeDisabled();
  await page.getByTestId('wheelchair-confirmation').getByRole('checkbox').check();
  await hold.click();
  await expect(page.getByTestId('hold-countdown')).toBeVisible();
  await expect(map.locator('[data-seat="A1"]')).toHaveAttribute('data-status', 'held');
  await expect(map.locator('[data-seat="A2"]')).toHaveAttribute('data-status', 'held');
});
