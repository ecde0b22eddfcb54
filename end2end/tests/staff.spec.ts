import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';

import { signIn, tokenOf, unique } from './support';

// The cinema's staff: the lobby board, the box office and the door; and customers kept out.

/** A time zone where it is the middle of the day, so that a showtime a few minutes away is
 * still on today's programme whenever the tests run. */
function daytimeZone(): string {
  const zones = ['Asia/Ho_Chi_Minh', 'Europe/London', 'America/New_York', 'Pacific/Auckland'];
  const hour = (zone: string) =>
    Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(new Date()));
  return zones.find((zone) => hour(zone) >= 2 && hour(zone) <= 21) ?? zones[0];
}

type Venue = { cinemaId: string; slug: string; name: string; showtimeId: string };

/** A cinema of the test's own with one hall (rows A-D of eight) and one showtime starting in
 * `minutes`: today's programme then has exactly what the test expects. */
async function venueWithShowtimeSoon(request: APIRequestContext, minutes: number): Promise<Venue> {
  const admin = { Authorization: `Bearer ${await tokenOf(request, 'admin', 'marquee-demo')}` };
  const slug = unique('e2e-');
  const name = `Marquee ${slug}`;
  const cinema = await request.post('/api/movies/theaters', {
    headers: admin,
    data: { slug, name, address: '1 Test Street', city: 'Hue', time_zone: daytimeZone() },
  });
  expect(cinema.status(), await cinema.text()).toBe(201);
  const cinemaId = (await cinema.json()).id;
  const hall = await request.post(`/api/movies/theaters/${cinemaId}/halls`, {
    headers: admin,
    data: { name: 'Hall 1', layout: ['SSSSSSSS', 'SSSSSSSS', 'SSSSSSSS', 'SSSSSSSS'] },
  });
  expect(hall.status(), await hall.text()).toBe(201);
  const [movie] = await (await request.get('/api/movies/movies?q=Lanterns')).json();
  const startsAt = new Date(Date.now() + minutes * 60_000).toISOString();
  const showtime = await request.post('/api/movies/showtimes', {
    headers: admin,
    data: {
      movie_id: movie.id, hall_id: (await hall.json()).id, starts_at: startsAt,
      audio_language: 'Vietnamese', prices: { standard: 90000 },
    },
  });
  expect(showtime.status(), await showtime.text()).toBe(201);
  return { cinemaId, slug, name, showtimeId: (await showtime.json()).id };
}

async function newCustomer(request: APIRequestContext): Promise<{ username: string; token: string }> {
  const username = unique('walk');
  const registered = await request.post('/api/auth/register', {
    data: { username, email: `${username}@example.com`, password: 'marquee-e2e-1' },
  });
  expect(registered.status()).toBe(201);
  return { username, token: await tokenOf(request, username, 'marquee-e2e-1') };
}

/** A booking of `seats` through the gateway, by a new customer (pending: its seats are taken). */
async function bookSeats(request: APIRequestContext, showtimeId: string, seats: string[]) {
  const { token } = await newCustomer(request);
  const auth = { Authorization: `Bearer ${token}` };
  const booked = await request.post('/api/bookings/bookings', { headers: auth, data: { showtime_id: showtimeId, seat_ids: seats } });
  expect(booked.status(), await booked.text()).toBe(201);
  const booking = await booked.json();
  return booking;
}

/** The board's showing of the showtime, once the board is live. */
async function openBoard(browser: Browser, venue: Venue, width: number, height: number) {
  const board = await (await browser.newContext({ viewport: { width, height } })).newPage();
  await board.goto(`/kiosk/${venue.slug}`);
  await expect(board.getByRole('heading', { level: 1, name: venue.name })).toBeVisible();
  await expect(board.getByTestId('board-status')).toHaveAttribute('data-state', 'live');
  const showing = board.locator(`[data-testid="board-showing"][data-showtime-id="${venue.showtimeId}"]`);
  await expect(showing.getByTestId('seats-left')).toHaveText('32');
  return { board, showing };
}

test('the lobby board (landscape) shows a seat booked in another browser within two seconds', async ({ browser, request }) => {
  const venue = await venueWithShowtimeSoon(request, 5);
  const { board, showing } = await openBoard(browser, venue, 1920, 1080);
  await expect(board.getByRole('banner')).toHaveCount(0); // no site header on a wall screen
  await expect(board.getByTestId('board-clock')).toHaveText(/^\d\d:\d\d$/);

  // Someone else, in their own browser, holds a seat and books it.
  const customer = await newCustomer(request);
  const other = await (await browser.newContext()).newPage();
  await signIn(other, customer.username, 'marquee-e2e-1', `/showtimes/${venue.showtimeId}`);
  await expect(other.getByTestId('live-status')).toHaveAttribute('data-live', 'true');
  await other.getByTestId('seat-map').locator('[data-seat="B4"]').click();
  await other.getByRole('button', { name: 'Hold 1 seat' }).click();
  await expect(showing.getByTestId('seats-left')).toHaveText('31', { timeout: 2_000 });
  await other.getByRole('button', { name: 'Continue to checkout' }).click();
  await expect(other).toHaveURL(/\/bookings\/[0-9a-f-]+$/);
  await expect(showing.getByTestId('seats-left')).toHaveText('31');
});

test('the lobby board (portrait) counts a booking made elsewhere within two seconds', async ({ browser, request }) => {
  const venue = await venueWithShowtimeSoon(request, 5);
  const { showing } = await openBoard(browser, venue, 1080, 1920);
  await bookSeats(request, venue.showtimeId, ['A1', 'A2']);
  await expect(showing.getByTestId('seats-left')).toHaveText('30', { timeout: 2_000 });
});

/** At the box office (staff signed in on `page`, the device set to the venue's cinema), sells
 * `seats` of the venue's showtime for cash; answers the printed ticket. */
async function sellForCash(page: Page, seats: string[], tendered: string) {
  await page.getByTestId('counter-showtime').first().click();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-live', 'true');
  const map = page.getByTestId('seat-map');
  for (const seat of seats) await map.locator(`[data-seat="${seat}"]`).click();
  await page.getByTestId('counter-hold').click();
  await page.getByTestId('customer-name').fill('Lan Nguyen');
  await page.getByTestId('cash-tendered').fill(tendered);
  await page.getByTestId('take-payment').click();
  const ticket = page.getByTestId('printed-ticket');
  await expect(ticket).toBeVisible({ timeout: 15_000 });
  return ticket;
}

async function openBoxOffice(page: Page, venue: Venue) {
  await signIn(page, 'staff', 'marquee-demo', '/box-office');
  await page.getByTestId('cinema-choice').getByRole('button', { name: new RegExp(venue.name) }).click();
  await expect(page.getByTestId('device-cinema')).toHaveText(venue.name);
}

test('a walk-in pays cash at the box office and gets a printable ticket', async ({ page, request }) => {
  const venue = await venueWithShowtimeSoon(request, 10);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openBoxOffice(page, venue);
  await page.getByTestId('counter-showtime').first().click();
  const seat = page.getByTestId('seat-map').locator('[data-seat="C4"]');
  expect((await seat.boundingBox())!.height).toBeGreaterThanOrEqual(48); // a touch target
  await page.getByTestId('counter-back').click();

  const ticket = await sellForCash(page, ['C4', 'C5'], '200000');
  await expect(ticket.getByTestId('ticket-seats')).toHaveText('Seats C4, C5');
  await expect(ticket.locator('svg')).toBeVisible();
  await expect(ticket.getByTestId('ticket-code')).toHaveText(/^[A-Z2-9]{8}$/);
  await expect(page.getByTestId('sale-change')).toContainText('20,000');
  // On paper: the ticket alone, on an 80 mm receipt.
  await page.emulateMedia({ media: 'print' });
  await expect(ticket).toBeVisible();
  await expect(page.getByTestId('new-sale')).toBeHidden();
  expect((await ticket.boundingBox())!.width).toBeLessThan(300);
  await page.emulateMedia({ media: 'screen' });
  await page.getByTestId('new-sale').click();
  await expect(page.getByTestId('counter-showtime').first()).toBeVisible();
});

test('the box office holds the best seats for a party of three with one tap', async ({ page, request }) => {
  const venue = await venueWithShowtimeSoon(request, 10);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openBoxOffice(page, venue);
  await page.getByTestId('counter-showtime').first().click();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-live', 'true');
  await page.getByRole('button', { name: 'Best seats for 3' }).click();
  // Rows A-D of eight: two thirds back is row C, its middle seats 3-5 or 4-6.
  await expect(page.getByTestId('seat-notice')).toContainText(/Held the best 3 seats together: C[34], C[45], C[56]\./);
  await expect(page.getByTestId('customer-name')).toBeVisible();
});

test('a box office left idle for two minutes goes back to the start and lets the seats go', async ({ page, request }) => {
  const venue = await venueWithShowtimeSoon(request, 10);
  await page.clock.install();
  await openBoxOffice(page, venue);
  await page.getByTestId('counter-showtime').first().click();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-live', 'true');
  await page.getByTestId('seat-map').locator('[data-seat="B2"]').click();
  await page.getByTestId('counter-hold').click();
  await expect(page.getByTestId('cash-tendered')).toBeVisible();
  const seatStatus = async () => {
    const map = await (await request.get(`/api/movies/showtimes/${venue.showtimeId}/seats`)).json();
    return map.seats.find((seat: { seat_row: string; seat_number: number }) => seat.seat_row === 'B' && seat.seat_number === 2).status;
  };
  expect(await seatStatus()).toBe('held');

  await page.clock.fastForward('02:10');
  await expect(page.getByTestId('counter-showtime').first()).toBeVisible();
  await expect.poll(seatStatus).toBe('available');
});

test('the door admits a ticket once and refuses the second scan', async ({ page, request }) => {
  const venue = await venueWithShowtimeSoon(request, 15);
  // A ticket sold at this cinema's box office; the device keeps its cinema for the door.
  await openBoxOffice(page, venue);
  const ticket = await sellForCash(page, ['D7', 'D8'], '180000');
  const code = (await ticket.getByTestId('ticket-code').textContent())!.trim();

  await page.goto('/check-in');
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  await expect(page.getByTestId('device-cinema')).toHaveText(venue.name);
  const count = page.locator(`[data-testid="door-count"][data-showtime-id="${venue.showtimeId}"]`);
  await expect(count.getByTestId('door-admitted')).toHaveText('0');

  await page.getByTestId('door-code').fill(code);
  await page.getByTestId('door-admit').click();
  const verdict = page.getByTestId('door-verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'admit');
  await expect(verdict).toContainText('ADMIT');
  await expect(verdict).toContainText('Seats D7, D8');
  await expect(verdict.getByTestId('verdict-count')).toHaveText('2 people');
  await verdict.click();
  await expect(count.getByTestId('door-admitted')).toHaveText('2');

  await page.getByTestId('door-code').fill(code);
  await page.getByTestId('door-admit').click();
  await expect(verdict).toHaveAttribute('data-verdict', 'refuse');
  await expect(verdict.getByTestId('verdict-detail')).toHaveText(/^Already admitted at \d\d:\d\d$/);
});

test('seats an admin keeps for the box office are not for sale online but are at the counter', async ({ page, request }) => {
  const venue = await venueWithShowtimeSoon(request, 120);
  await signIn(page, 'admin', 'marquee-demo', `/admin/showtimes/${venue.showtimeId}`);
  await page.getByLabel('Seats kept for the box office').fill('A1, A2');
  await page.getByRole('button', { name: 'Save the showtime' }).click();
  await expect(page.getByTestId('form-message')).toContainText('Saved');
  await expect(page.getByLabel('Seats kept for the box office')).toHaveValue('A1, A2');

  // Online (anyone but staff): not for sale until 30 minutes before the show.
  const online = await (await request.get(`/api/movies/showtimes/${venue.showtimeId}/seats`)).json();
  const a1 = online.seats.find((seat: { seat_row: string; seat_number: number }) => seat.seat_row === 'A' && seat.seat_number === 1);
  expect([a1.status, a1.counter_only]).toEqual(['blocked', true]);

  // At the counter: on sale, and marked.
  await page.goto('/box-office');
  // A click before the page is hydrated does nothing (it once left the test on this choice).
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  await page.getByTestId('cinema-choice').getByRole('button', { name: new RegExp(venue.name) }).click();
  await expect(page.getByTestId('device-cinema')).toHaveText(venue.name);
  await page.getByTestId('counter-showtime').first().click();
  const kept = page.getByTestId('seat-map').locator('[data-seat="A1"]');
  await expect(kept).toHaveAttribute('data-status', 'available');
  await expect(kept).toHaveAttribute('aria-label', /kept for the box office/);
});

test('a customer is refused every staff page, and sees no staff links', async ({ page, request }) => {
  const customer = await newCustomer(request);
  await signIn(page, customer.username, 'marquee-e2e-1', '/');
  await expect(page.getByTestId('nav-box-office')).toHaveCount(0);
  for (const path of ['/box-office', '/check-in']) {
    const response = await page.goto(path);
    expect(response!.status()).toBe(403);
    await expect(page.getByTestId('forbidden')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Staff only' })).toBeVisible();
  }
  const admit = await request.post('/api/bookings/tickets/admit', {
    headers: { Authorization: `Bearer ${customer.token}` },
    data: { booking_code: 'ABCDEFGH' },
  });
  expect(admit.status()).toBe(403);
});
