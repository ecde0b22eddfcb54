import { expect, test, type Browser, type Page, type APIRequestContext } from '@playwright/test';

// Two people on one showtime's live seat map: what one does, the other sees within two seconds.

type MapSeat = { id: string; seat_row: string; seat_number: number; seat_type: string; status: string };

const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

async function newUser(request: APIRequestContext): Promise<string> {
  const username = unique('seat');
  const registered = await request.post('/api/auth/register', {
    data: { username, email: `${username}@example.com`, password: 'marquee-e2e-1', full_name: `Viewer ${username}` },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  return username;
}

/** A signed-in browser on the showtime's page, hydrated and receiving live changes (or, with
 * `offline`, cut off from them). */
async function viewer(browser: Browser, request: APIRequestContext, showtimeId: string, offline = false): Promise<Page> {
  const username = await newUser(request);
  const page = await (await browser.newContext()).newPage();
  if (offline) await page.routeWebSocket(/\/ws\//, () => {});
  await page.goto(`/login?next=/showtimes/${showtimeId}`);
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill('marquee-e2e-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/showtimes/${showtimeId}$`));
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-live', offline ? 'false' : 'true');
  return page;
}

/** A showtime in a big hall (far from the other tests' ones) and free single seats in it. */
async function showtimeWithFreeSeats(request: APIRequestContext, index: number, count: number) {
  const showtimes = await (await request.get('/api/movies/showtimes?city=Hanoi&limit=50')).json();
  const showtime = showtimes.filter((s: { total_seats: number }) => s.total_seats >= 90)[index];
  const map = await (await request.get(`/api/movies/showtimes/${showtime.id}/seats`)).json();
  const free = (map.seats as MapSeat[])
    .filter((seat) => seat.status === 'available' && ['standard', 'vip'].includes(seat.seat_type))
    .map((seat) => `${seat.seat_row}${seat.seat_number}`);
  expect(free.length).toBeGreaterThanOrEqual(count);
  return { id: showtime.id as string, seats: free.slice(0, count) };
}

const seat = (page: Page, label: string) => page.getByTestId('seat-map').locator(`[data-seat="${label}"]`);

test('a hold, a booking and a cancellation reach another viewer live', async ({ browser, request }) => {
  const { id, seats } = await showtimeWithFreeSeats(request, 2, 3);
  const [x, y, z] = seats;
  const ada = await viewer(browser, request, id);
  const bob = await viewer(browser, request, id);

  // Ada chooses a seat and holds it; the countdown starts.
  await seat(ada, x).click();
  await expect(seat(ada, x)).toHaveAttribute('aria-pressed', 'true');
  await expect(ada.getByTestId('chosen-seats')).toContainText(x);
  await ada.getByRole('button', { name: 'Hold 1 seat' }).click();
  await expect(ada.getByTestId('hold-countdown')).toContainText(/[0-9]+:[0-5][0-9]/);
  await expect(seat(ada, x)).toHaveAttribute('aria-label', /held by you/);
  await expect(ada.getByTestId('seat-notice')).toBeEmpty();

  // Bob sees it taken within two seconds, and cannot choose it.
  await expect(seat(bob, x)).toHaveAttribute('data-status', 'held', { timeout: 2_000 });
  await seat(bob, x).click();
  await expect(seat(bob, x)).toHaveAttribute('aria-pressed', 'false');
  await expect(seat(bob, x)).toHaveAttribute('aria-label', /taken/);

  // Bob picks two others; when one of them is taken first, he is told which and keeps the other.
  await seat(bob, y).click();
  await seat(bob, z).click();
  await expect(bob.getByRole('button', { name: 'Hold 2 seats' })).toBeVisible();
  const cara = await viewer(browser, request, id);
  await seat(cara, y).click();
  await cara.getByRole('button', { name: 'Hold 1 seat' }).click();
  await expect(bob.getByTestId('seat-notice')).toContainText(`Seat ${y} was just taken by someone else. The rest of your selection is kept.`, { timeout: 2_000 });
  await expect(seat(bob, z)).toHaveAttribute('aria-pressed', 'true');
  await expect(bob.getByRole('button', { name: 'Hold 1 seat' })).toBeVisible();
  await cara.getByRole('button', { name: 'Release seats' }).click();
  await expect(seat(bob, y)).toHaveAttribute('data-status', 'available', { timeout: 2_000 });

  // Ada books: a pending booking with its own countdown; Bob sees the seat booked.
  await ada.getByRole('button', { name: 'Continue to checkout' }).click();
  await expect(ada).toHaveURL(/\/bookings\/[0-9a-f-]+$/);
  await expect(ada.getByTestId('booking-status')).toHaveText('Awaiting payment');
  await expect(ada.getByTestId('checkout')).toContainText(x);
  await expect(ada.getByTestId('payment-countdown')).toContainText(/[0-9]+:[0-5][0-9]/);
  await expect(seat(bob, x)).toHaveAttribute('data-status', 'booked', { timeout: 2_000 });

  // Ada cancels from "My bookings"; the seat is free again for Bob.
  await ada.getByRole('link', { name: 'My bookings' }).first().click();
  await expect(ada).toHaveURL(/\/bookings$/);
  await expect(ada.locator('[data-hydrated="true"]')).toBeVisible();
  const booking = ada.getByTestId('booking-list').locator('li').first();
  await expect(booking.getByTestId('booking-status')).toHaveText('Awaiting payment');
  await booking.getByRole('button', { name: 'Cancel' }).click();
  await expect(ada.getByTestId('bookings-message')).toContainText('is cancelled');
  await expect(booking.getByTestId('booking-status')).toHaveText('Cancelled');
  await expect(seat(bob, x)).toHaveAttribute('data-status', 'available', { timeout: 2_000 });
  await seat(bob, x).click();
  await expect(seat(bob, x)).toHaveAttribute('aria-pressed', 'true');
});

test('seats can be chosen and held with the keyboard alone', async ({ browser, request }) => {
  const { id } = await showtimeWithFreeSeats(request, 3, 2);
  const page = await viewer(browser, request, id);

  // Tab into the map: one seat is in the tab order.
  let focused: string | undefined;
  for (let i = 0; i < 40 && !focused; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.seat);
  }
  expect(focused, 'a seat takes the focus').toBeTruthy();

  // Move right until a free seat (not a wheelchair or companion space, which are sold as such),
  // then choose it with Enter; the next free one with Space.
  const active = () => page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    return { label: element.dataset.seat, status: element.dataset.status, name: element.getAttribute('aria-label') };
  });
  const open = (seat: { status?: string; name: string | null }) =>
    seat.status === 'available' && !/Wheelchair space|Companion seat/.test(seat.name ?? '');
  const chosen: string[] = [];
  for (const key of ['Enter', 'Space']) {
    await page.keyboard.press('ArrowRight');
    let current = await active();
    for (let i = 0; i < 20 && !open(current); i++) {
      await page.keyboard.press('ArrowRight');
      current = await active();
    }
    expect(current.name).toMatch(/^Row [A-Z] seat \d+, .+, .*₫, available$/);
    await page.keyboard.press(key);
    await expect(seat(page, current.label!)).toHaveAttribute('aria-pressed', 'true');
    chosen.push(current.label!);
  }
  await expect(page.getByTestId('seat-announcement')).toContainText(`Selected Row ${chosen[1].slice(0, 1)} seat ${chosen[1].slice(1)}`);
  await expect(page.getByTestId('seat-announcement')).toContainText('2 seats');

  // ArrowDown leaves the row; ArrowUp comes back.
  await page.keyboard.press('ArrowDown');
  expect((await active()).label?.slice(0, 1)).not.toBe(chosen[1].slice(0, 1));
  await page.keyboard.press('ArrowUp');
  expect((await active()).label?.slice(0, 1)).toBe(chosen[1].slice(0, 1));

  // Tab on to the hold button and press it.
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Hold 2 seats') break;
  }
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('hold-countdown')).toBeVisible();
  for (const label of chosen) {
    await expect(seat(page, label)).toHaveAttribute('aria-label', /held by you/);
  }
  await page.getByRole('button', { name: 'Release seats' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('hold-countdown')).toHaveCount(0);
  await expect(seat(page, chosen[0])).toHaveAttribute('data-status', 'available');
});

test('a seat taken before the map heard of it: the hold names it and keeps the rest', async ({ browser, request }) => {
  const { id, seats } = await showtimeWithFreeSeats(request, 4, 2);
  const [x, y] = seats;
  const dan = await viewer(browser, request, id, true);
  await seat(dan, x).click();
  await seat(dan, y).click();
  const eve = await viewer(browser, request, id);
  await seat(eve, x).click();
  await eve.getByRole('button', { name: 'Hold 1 seat' }).click();
  await expect(eve.getByTestId('hold-countdown')).toBeVisible();

  // Dan's map still shows it free; the booking service says no and names the seat.
  await dan.getByRole('button', { name: 'Hold 2 seats' }).click();
  await expect(dan.getByTestId('seat-notice')).toContainText(`Seat ${x} was just taken by someone else. The rest of your selection is kept.`);
  await expect(seat(dan, x)).toHaveAttribute('data-status', 'held');
  await expect(seat(dan, y)).toHaveAttribute('aria-pressed', 'true');
  await dan.getByRole('button', { name: 'Hold 1 seat' }).click();
  await expect(dan.getByTestId('hold-countdown')).toBeVisible();
  await expect(seat(dan, y)).toHaveAttribute('aria-label', /held by you/);
});

test('a signed-in viewer gets the seat map everyone gets, then their name and their hold', async ({ browser, request }) => {
  const { id, seats } = await showtimeWithFreeSeats(request, 5, 1);
  const [x] = seats;
  const fay = await viewer(browser, request, id);
  await expect(fay.getByTestId('account-name')).toHaveText(/^Viewer seat/);
  const name = await fay.getByTestId('account-name').textContent();
  await seat(fay, x).click();
  await fay.getByRole('button', { name: 'Hold 1 seat' }).click();
  await expect(fay.getByTestId('hold-countdown')).toBeVisible();

  // The page as the server sends it names nobody and holds nothing: it is shared by everyone
  // signed in who opens this showtime meanwhile.
  const page = await fay.request.get(`/showtimes/${id}`, { headers: { 'accept-language': 'en' } });
  const served = await page.text();
  expect(served).toContain('Your profile');
  expect(served).not.toContain(name!);
  expect(served).not.toContain('hold-countdown');

  // Once it runs, the page asks: the name, the hold and its countdown, the seat as hers.
  await fay.reload();
  await expect(fay.locator('[data-hydrated="true"]')).toBeVisible();
  await expect(fay.getByTestId('account-name')).toHaveText(name!);
  await expect(fay.getByTestId('hold-countdown')).toContainText(/[0-9]+:[0-5][0-9]/);
  await expect(seat(fay, x)).toHaveAttribute('aria-label', /held by you/);
  await expect(fay.getByTestId('chosen-seats')).toContainText(x);
  await fay.getByRole('button', { name: 'Release seats' }).click();
  await expect(fay.getByTestId('hold-countdown')).toHaveCount(0);
  await expect(seat(fay, x)).toHaveAttribute('data-status', 'available');
});
