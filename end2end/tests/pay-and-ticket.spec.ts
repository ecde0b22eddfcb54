import { expect, test, type Page } from '@playwright/test';

// The moviegoer's whole journey: register, choose a seat, pay, get the ticket and a notice.

const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

async function registerAndOpenShowtime(page: Page, index: number): Promise<string> {
  const showtimes = await (await page.request.get('/api/movies/showtimes?city=Ho%20Chi%20Minh%20City&limit=60')).json();
  const showtime = showtimes.filter((s: { total_seats: number }) => s.total_seats >= 90)[index];
  const map = await (await page.request.get(`/api/movies/showtimes/${showtime.id}/seats`)).json();
  const seat = map.seats.find((s: { status: string; seat_type: string }) => s.status === 'available' && s.seat_type === 'standard');

  const username = unique('goer');
  await page.goto(`/register?next=/showtimes/${showtime.id}`);
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('marquee-e2e-1');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('account-name')).toBeVisible();
  await page.goto(`/showtimes/${showtime.id}`);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-live', 'true');
  const label = `${seat.seat_row}${seat.seat_number}`;
  await page.getByTestId('seat-map').locator(`[data-seat="${label}"]`).click();
  await page.getByRole('button', { name: 'Hold 1 seat' }).click();
  await page.getByRole('button', { name: 'Continue to checkout' }).click();
  await expect(page).toHaveURL(/\/bookings\/[0-9a-f-]+$/);
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  return label;
}

async function payWith(page: Page, card: string) {
  await page.getByLabel('Card number').fill(card);
  await page.getByLabel('Expiry (MM/YY)').fill('12/30');
  await page.getByLabel('Security code').fill('123');
  await page.getByRole('button', { name: /^Pay / }).click();
}

test('pay with the success card: the booking is confirmed with a QR ticket and a notice', async ({ page }) => {
  const seat = await registerAndOpenShowtime(page, 3);
  await expect(page.getByTestId('test-cards')).toContainText('4242 4242 4242 4242');
  await payWith(page, '4242 4242 4242 4242');

  // Confirmed by the booking service's event, without a reload.
  await expect(page.getByTestId('booking-status')).toHaveText('Confirmed', { timeout: 15_000 });
  await expect(page.getByTestId('ticket-qr').locator('svg')).toBeVisible();
  await expect(page.getByTestId('ticket-token')).toHaveText(/^MQT2\.[A-Z0-9]{8}\.[0-9a-f]{32}\.0\.[A-Za-z0-9_-]+$/);
  await expect(page.getByTestId('checkout')).toContainText(seat);
  const calendar = await page.request.get(`${page.url()}/calendar.ics`);
  expect(calendar.status()).toBe(200);
  expect(await calendar.text()).toContain('BEGIN:VEVENT');

  // The notice arrives in the bell, and on the notifications page.
  await expect(page.getByTestId('unread-count')).toHaveText(/^[1-9]/, { timeout: 15_000 });
  await page.getByTestId('notification-bell').click();
  await expect(page.getByTestId('notification-list')).toContainText('is confirmed');
});

test('a declined card says so and the seats stay held for another try', async ({ page }) => {
  await registerAndOpenShowtime(page, 4);
  await payWith(page, '4000 0000 0000 0002');
  await expect(page.getByTestId('payment-error')).toContainText('Your card was declined. Your seats are still held');
  await expect(page.getByTestId('booking-status')).toHaveText('Awaiting payment');
  await expect(page.getByTestId('payment-countdown')).toContainText(/[0-9]+:[0-5][0-9]/);
  await payWith(page, '4000 0000 0000 9995');
  await expect(page.getByTestId('payment-error')).toContainText('insufficient funds');
  await payWith(page, '4242 4242 4242 4242');
  await expect(page.getByTestId('booking-status')).toHaveText('Confirmed', { timeout: 15_000 });
});
