import { expect, test, type APIRequestContext } from '@playwright/test';

import { signIn, tokenOf, unique } from './support';

// Giving back seats of a paid booking: the customer on the booking's page, and staff at the
// box office's booking desk, who may also make a goodwill refund with a reason.

/** `90000` -> `90,000 ₫`, as English pages write đồng. */
const dong = (amount: number) => `${amount.toLocaleString('en-US')} ₫`;
const card = { number: '4242 4242 4242 4242', exp_month: 12, exp_year: 2030, cvc: '123' };

async function newCustomer(request: APIRequestContext) {
  const username = unique('giver');
  const registered = await request.post('/api/auth/register', {
    data: { username, email: `${username}@example.com`, password: 'marquee-e2e-1' },
  });
  expect(registered.status()).toBe(201);
  return { username, auth: { Authorization: `Bearer ${await tokenOf(request, username, 'marquee-e2e-1')}` } };
}

type Seat = { seat_row: string; seat_number: number; status: string; seat_type: string };

/** Three free standard seats side by side in a big demo hall, in a showtime hours away (so a
 * customer may still cancel), skipping the first `skip` such showtimes. */
async function threeSeatsLater(request: APIRequestContext, skip: number) {
  const showtimes = await (await request.get('/api/movies/showtimes?city=Ho%20Chi%20Minh%20City&limit=100')).json();
  let found = 0;
  for (const showtime of showtimes.filter((s: { total_seats: number }) => s.total_seats >= 90)) {
    const map = await (await request.get(`/api/movies/showtimes/${showtime.id}/seats`)).json();
    if (new Date(map.starts_at).getTime() < Date.now() + 3 * 3600_000) continue;
    if (found++ < skip) continue;
    const free = map.seats.filter((s: Seat) => s.status === 'available' && s.seat_type === 'standard' && s.seat_row >= 'C');
    const label = (s: Seat) => `${s.seat_row}${s.seat_number}`;
    for (const first of free) {
      const row = free.filter((s: Seat) => s.seat_row === first.seat_row);
      const run = [0, 1, 2].map((step) => row.find((s: Seat) => s.seat_number === first.seat_number + step));
      if (run.every(Boolean)) return { showtimeId: showtime.id as string, seats: run.map((s) => label(s!)) };
    }
  }
  throw new Error('no showtime with three free seats side by side');
}

async function paidBooking(request: APIRequestContext, auth: Record<string, string>, showtimeId: string, seats: string[]) {
  const booked = await request.post('/api/bookings/bookings', { headers: auth, data: { showtime_id: showtimeId, seat_ids: seats } });
  expect(booked.status(), await booked.text()).toBe(201);
  const booking = await booked.json();
  const paid = await request.post('/api/payments/process', {
    headers: { ...auth, 'Idempotency-Key': unique('key') },
    data: { booking_id: booking.id, payment_method: 'card', amount: booking.total_price, card },
  });
  expect(paid.status(), await paid.text()).toBe(201);
  await expect
    .poll(async () => (await (await request.get(`/api/bookings/bookings/${booking.id}`, { headers: auth })).json()).status)
    .toBe('confirmed');
  return booking;
}

test('a customer gives back one of three seats and keeps the others on a new ticket', async ({ page, request }) => {
  const customer = await newCustomer(request);
  const { showtimeId, seats } = await threeSeatsLater(request, 0);
  const booking = await paidBooking(request, customer.auth, showtimeId, seats);
  const price = Number.parseInt(booking.total_price, 10) / 3;
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, customer.username, 'marquee-e2e-1', `/bookings/${booking.id}`);
  await expect(page.getByTestId('booking-status')).toHaveText('Confirmed');
  const firstTicket = await page.getByTestId('ticket-token').textContent();
  expect(firstTicket).toMatch(/^MQT2\..*\.0\.[A-Za-z0-9_-]+$/);

  const giveBack = page.getByTestId('give-back-seats');
  await expect(giveBack.getByRole('button', { name: 'Give back the ticked seats' })).toBeDisabled();
  await giveBack.getByLabel(new RegExp(`^${seats[2]} ·`)).check();
  await expect(giveBack).toContainText(`1 seat ticked: ${dong(price)} back.`);
  await giveBack.getByRole('button', { name: 'Give back the ticked seats' }).click();

  await expect(page.getByTestId('cancel-outcome')).toContainText(`Seats ${seats[2]} are given back`);
  await expect(page.getByTestId('given-back-seat')).toContainText(seats[2]);
  await expect(page.getByTestId('booking-total')).toHaveText(dong(2 * price));
  await expect(page.getByTestId('ticket-token')).toHaveText(/^MQT2\..*\.1\.[A-Za-z0-9_-]+$/);
  await page.screenshot({ path: test.info().outputPath('give-back-phone.png'), fullPage: true });

  // The seat is for sale again, and staff checking the old ticket are told it was replaced.
  const map = await (await request.get(`/api/movies/showtimes/${showtimeId}/seats`)).json();
  const freed = map.seats.find((s: Seat) => `${s.seat_row}${s.seat_number}` === seats[2]);
  expect(freed.status).toBe('available');
  const staff = { Authorization: `Bearer ${await tokenOf(request, 'staff', 'marquee-demo')}` };
  const old = await (await request.post('/api/bookings/tickets/verify', { headers: staff, data: { token: firstTicket } })).json();
  expect(old.valid).toBe(false);
  expect(old.reason).toContain('replaced');
});

test('staff at the booking desk give goodwill with a reason and give back a seat for a customer', async ({ page, request }) => {
  const customer = await newCustomer(request);
  const { showtimeId, seats } = await threeSeatsLater(request, 1);
  const booking = await paidBooking(request, customer.auth, showtimeId, seats.slice(0, 2));
  const price = Number.parseInt(booking.total_price, 10) / 2;
  await page.setViewportSize({ width: 1920, height: 1080 });
  await signIn(page, 'staff', 'marquee-demo', '/box-office');
  await page.getByTestId('cinema-choice').getByRole('button', { name: /Marquee Saigon Centre/ }).click();

  const desk = page.getByTestId('booking-desk');
  await desk.getByLabel('Booking code').fill(booking.booking_code.toLowerCase());
  await desk.getByRole('button', { name: 'Find' }).click();
  await expect(desk.getByTestId('desk-payment')).toContainText(`Paid ${dong(2 * price)} by card · refunded 0 ₫`);

  const goodwill = desk.getByTestId('goodwill');
  await goodwill.getByLabel('Amount (₫)').fill('30000');
  await goodwill.getByLabel('Reason (kept with the refund)').fill('Sound failed for ten minutes');
  await goodwill.getByRole('button', { name: 'Refund as goodwill' }).click();
  await expect(desk.getByTestId('desk-outcome')).toHaveText('Refunded 30,000 ₫ as goodwill.');
  await expect(desk.getByTestId('desk-payment')).toContainText(`refunded 30,000 ₫ · ${dong(2 * price - 30000)} left`);
  await expect(desk.getByTestId('desk-booking')).toContainText('confirmed');

  await desk.getByLabel(new RegExp(`^${seats[1]} ·`)).check();
  await desk.getByRole('button', { name: 'Give back the ticked seats' }).click();
  await expect(desk.getByTestId('desk-outcome')).toContainText(`Seats ${seats[1]} are given back`);
  await expect(desk.getByTestId('desk-booking')).toContainText(`given back ${seats[1]}`);
  // The seat's price goes back through the payment service a moment later.
  await expect
    .poll(async () => {
      await desk.getByRole('button', { name: 'Find' }).click();
      return desk.getByTestId('desk-payment').textContent();
    })
    .toContain(`refunded ${dong(price + 30000)} · ${dong(price - 30000)} left`);
  await page.screenshot({ path: test.info().outputPath('booking-desk.png'), fullPage: true });
});
