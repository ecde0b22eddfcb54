import { expect, test, type Page } from '@playwright/test';

import { tokenOf, unique } from './support';

/** `2026-12-05` as English pages write a date: `5 Dec 2026`. */
function asWritten(iso: string): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const [year, month, day] = iso.split('-').map(Number);
  return `${day} ${months[month - 1]} ${year}`;
}

async function signIn(page: Page, username: string) {
  await page.goto('/login?next=/admin');
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill('marquee-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  // The layout editor rewrites its fields when it hydrates; typing before that is lost.
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
}

test('the admin page is for admins only', async ({ page }) => {
  await signIn(page, 'staff');
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByTestId('admins-only')).toBeVisible();
});

test('an admin paints a hall layout, adds the hall and schedules a showtime in it', async ({ page }) => {
  await signIn(page, 'admin');
  await expect(page.getByRole('heading', { name: 'Catalog admin' })).toBeVisible();
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();

  const hallName = `Hall E2E ${Date.now().toString(36)}`;
  const editor = page.getByTestId('layout-editor');
  // Paint: a VIP seat, then an aisle, then a couple pair.
  await editor.getByRole('button', { name: 'VIP' }).click();
  await editor.locator('[data-cell="0-0"]').click();
  await editor.getByRole('button', { name: 'Aisle / gap' }).click();
  await editor.locator('[data-cell="0-4"]').click();
  await editor.getByRole('button', { name: 'Couple' }).click();
  await editor.locator('[data-cell="5-0"]').click();
  await editor.locator('[data-cell="5-1"]').click();
  // A broken seat: blocked, so it is never sold.
  await editor.getByRole('button', { name: 'Blocked' }).click();
  await editor.locator('[data-cell="1-2"]').click();
  await expect(editor.locator('input[name="blocked"]')).toHaveValue('B3');
  await expect(editor.locator('[data-cell="1-2"]')).toHaveAccessibleName('Row B seat 3: Standard, blocked');
  // The preview numbers seats along the row, skipping the aisle.
  await expect(editor.locator('[data-cell="0-5"]')).toHaveAccessibleName('Row A seat 5: Standard');
  await expect(editor.locator('[data-cell="0-0"]')).toHaveAccessibleName('Row A seat 1: VIP');
  const layout = await editor.locator('textarea[name="layout"]').inputValue();
  expect(layout.split('\n')[0]).toBe('VSSS.SSSSS');

  await page.locator('select[name="cinema_id"]').selectOption({ label: 'Marquee Thao Dien' });
  await page.getByLabel('Hall name').fill(hallName);
  await page.getByRole('button', { name: 'Add hall' }).click();
  await expect(page.getByTestId('form-message')).toContainText(`Added ${hallName}`);

  // Schedule a showtime in the new hall, next week at 21:00.
  const day = new Date(Date.now() + 9 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const showtimeForm = page.locator('form[action="/admin/showtimes"]');
  await showtimeForm.locator('select[name="hall_id"]').selectOption({ label: `Marquee Thao Dien · ${hallName}` });
  await showtimeForm.getByLabel('Date').fill(day);
  await showtimeForm.getByLabel("Time (cinema's time)").fill('21:00');
  await showtimeForm.getByLabel('Audio').fill('Vietnamese');
  await showtimeForm.getByLabel('Standard price').fill('95000');
  await showtimeForm.getByRole('button', { name: 'Schedule' }).click();
  await expect(page.getByTestId('form-message')).toContainText(`Scheduled for ${asWritten(day)} at 21:00`);

  // The same slot again overlaps: the page says which showtime is in the way.
  await showtimeForm.locator('select[name="hall_id"]').selectOption({ label: `Marquee Thao Dien · ${hallName}` });
  await showtimeForm.getByLabel('Date').fill(day);
  await showtimeForm.getByLabel("Time (cinema's time)").fill('21:30');
  await showtimeForm.getByLabel('Audio').fill('Vietnamese');
  await showtimeForm.getByLabel('Standard price').fill('95000');
  await showtimeForm.getByRole('button', { name: 'Schedule' }).click();
  await expect(page.getByTestId('form-message')).toContainText('busy');
});

test('an admin adds a cinema; a bad time zone is named', async ({ page }) => {
  await signIn(page, 'admin');
  const form = page.locator('form[action="/admin/cinemas"]');
  const suffix = Date.now().toString(36);
  await form.getByLabel('Name').fill(`Marquee Da Nang ${suffix}`);
  await form.getByLabel('Slug (in URLs)').fill(`marquee-da-nang-${suffix}`);
  await form.getByLabel('Address').fill('1 Bach Dang');
  await form.getByLabel('City').fill('Da Nang');
  await form.getByLabel('Time zone').fill('Mars/Olympus');
  await form.getByRole('button', { name: 'Add cinema' }).click();
  await expect(page.getByTestId('error-time_zone')).toContainText('IANA');
  await expect(form.getByLabel('Name')).toHaveValue(`Marquee Da Nang ${suffix}`);

  await form.getByLabel('Time zone').fill('Asia/Ho_Chi_Minh');
  await form.getByRole('button', { name: 'Add cinema' }).click();
  await expect(page.getByTestId('form-message')).toContainText(`Added the cinema Marquee Da Nang ${suffix}`);
  await page.goto('/cinemas');
  await expect(page.getByRole('link', { name: `Marquee Da Nang ${suffix}` })).toBeVisible();

  // Its address changes on its edit page.
  await page.goto('/admin');
  await page.getByRole('link', { name: `Edit Marquee Da Nang ${suffix}` }).click();
  await expect(page.getByLabel('Address')).toHaveValue('1 Bach Dang');
  await page.getByLabel('Address').fill('2 Tran Phu');
  await page.getByRole('button', { name: 'Save the cinema' }).click();
  await expect(page.getByTestId('form-message')).toContainText(`Saved Marquee Da Nang ${suffix}`);
  await expect(page.getByLabel('Address')).toHaveValue('2 Tran Phu');
});

test('a broken layout is refused with the reason', async ({ page }) => {
  await signIn(page, 'admin');
  await page.locator('textarea[name="layout"]').fill('SSC\nSS');
  await page.getByLabel('Hall name').fill('Broken hall');
  await page.getByRole('button', { name: 'Add hall' }).click();
  await expect(page.getByTestId('error-layout')).toContainText('couple seats come in pairs');
});

test('an admin edits a hall and a film; cancelling a showtime cancels and refunds its bookings', async ({ page, request }) => {
  const token = async (username: string, password: string) =>
    (await (await request.post('/api/auth/token', { form: { username, password } })).json()).access_token as string;
  const admin = { Authorization: `Bearer ${await token('admin', 'marquee-demo')}` };
  const suffix = Date.now().toString(36);
  const theaters = await (await request.get('/api/movies/theaters')).json();
  const cinema = theaters.find((theater: { name: string }) => theater.name === 'Marquee Thao Dien');
  const hallName = `Hall Edit ${suffix}`;
  const created = await request.post(`/api/movies/theaters/${cinema.id}/halls`, {
    headers: admin,
    data: { name: hallName, layout: ['SSSS', 'SSSS'] },
  });
  expect(created.status()).toBe(201);
  const hall = await created.json();

  // The hall's editor opens with its layout; a row turns VIP.
  await signIn(page, 'admin');
  await page.goto(`/admin/halls/${hall.id}`);
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  const editor = page.getByTestId('layout-editor');
  await editor.getByRole('button', { name: 'VIP' }).click();
  for (const column of [0, 1, 2, 3]) await editor.locator(`[data-cell="1-${column}"]`).click();
  await page.getByRole('button', { name: 'Save the hall' }).click();
  await expect(page.getByTestId('form-message')).toContainText(`Saved ${hallName} with 2 rows`);
  expect((await (await request.get(`/api/movies/halls/${hall.id}`)).json()).layout).toEqual(['SSSS', 'VVVV']);

  // A film gets its trailer, and its page links to it.
  const [film] = await (await request.get('/api/movies/movies?q=Lanterns')).json();
  await page.goto(`/admin/movies/${film.id}`);
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  await page.getByLabel('Rating (0-10)').fill('8.5/10');
  await page.getByRole('button', { name: 'Save the film' }).click();
  await expect(page.getByTestId('error-rating')).toContainText('number from 0 to 10');
  await expect(page.getByLabel('Rating (0-10)')).toHaveValue('8.5/10');
  await page.getByLabel('Rating (0-10)').fill('8.5');
  await page.getByLabel('Trailer').fill('https://trailers.example/paper-lanterns');
  // Its English and Vietnamese texts side by side; the Vietnamese title is kept as typed.
  await expect(page.getByLabel('Title (English)')).toHaveValue('Paper Lanterns');
  await page.getByLabel('Title (Tiếng Việt)').fill('Đèn Lồng Giấy Kỳ Diệu');
  await page.getByRole('button', { name: 'Save the film' }).click();
  await expect(page.getByTestId('form-message')).toContainText(`Saved ${film.title}`);
  const saved = await (await request.get(`/api/movies/movies/${film.id}`)).json();
  expect(saved.translations.vi.title).toBe('Đèn Lồng Giấy Kỳ Diệu');
  expect(saved.title).toBe('Paper Lanterns');
  await page.goto(`/movies/${film.id}`);
  await expect(page.getByTestId('trailer')).toHaveAttribute('href', 'https://trailers.example/paper-lanterns');

  // A customer pays for a seat of a showtime in the hall...
  const day = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const scheduled = await request.post('/api/movies/showtimes', {
    headers: admin,
    data: { movie_id: film.id, hall_id: hall.id, local_start: `${day}T10:00:00`, audio_language: 'Vietnamese', prices: { standard: 90000 } },
  });
  expect(scheduled.status()).toBe(201);
  const showtime = await scheduled.json();
  // Re-priced on its edit page before anyone books.
  await page.goto(`/admin/showtimes/${showtime.id}`);
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  await page.getByLabel('Standard price').fill('95000');
  await page.getByRole('button', { name: 'Save the showtime' }).click();
  await expect(page.getByTestId('form-message')).toContainText(`Saved: ${asWritten(day)} at 10:00`);
  const username = `dropped${suffix}`;
  await request.post('/api/auth/register', { data: { email: `${username}@example.com`, username, password: 'test123456' } });
  const customer = { Authorization: `Bearer ${await token(username, 'test123456')}` };
  // The booking keeps the language it was made in, for what it is told later.
  const booking = await (await request.post('/api/bookings/book', {
    headers: { ...customer, 'Accept-Language': 'en-GB,en;q=0.9' },
    data: { showtime_id: showtime.id, seat_ids: ['B2'] },
  })).json();
  expect(booking.language).toBe('en-GB');
  expect(booking.total_price_whole).toBe(95000);
  const paid = await request.post('/api/payments/process', {
    headers: { ...customer, 'Idempotency-Key': `e2e-cancel-${suffix}` },
    data: {
      booking_id: booking.id, payment_method: 'card', amount: booking.total_price,
      card: { number: '4242424242424242', exp_month: 12, exp_year: 2035, cvc: '123' },
    },
  });
  expect(paid.status()).toBe(201);
  expect(booking.total_price).toBe('95000.00');

  // Its time cannot move now that a seat is sold.
  await page.goto(`/admin/showtimes/${showtime.id}`);
  await page.getByLabel("Time (cinema's time)").fill('11:00');
  await page.getByRole('button', { name: 'Save the showtime' }).click();
  await expect(page.getByTestId('form-message')).toContainText('booked');

  // ...and the admin cancels that showtime from the day's programme.
  await page.goto(`/admin?date=${day}`);
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  const label = `${film.title} at 10:00 in Marquee Thao Dien, ${hallName}`;
  await page.getByRole('checkbox', { name: `Confirm cancelling ${label}` }).check();
  await page.getByRole('button', { name: `Cancel ${label}` }).click();
  await expect(page.getByTestId('form-message')).toContainText(`Cancelled ${label}`);

  // The customer is told, and refunded in full.
  const subjects = async () => {
    const notices = await (await request.get('/api/notifications/notifications', { headers: customer })).json();
    return notices.map((notice: { subject: string }) => notice.subject).join(' | ');
  };
  await expect.poll(subjects, { timeout: 20_000 }).toContain('Your showtime is cancelled');
  await expect.poll(subjects, { timeout: 20_000 }).toContain('Your refund is on its way');
  // (The booking hears of the refund on its own queue; few reads, as the booking API is rate-limited.)
  await expect.poll(async () => {
    const after = await (await request.get(`/api/bookings/bookings/${booking.id}`, { headers: customer })).json();
    return [after.status, after.payment_status];
  }, { intervals: [500, 1_500, 3_000], timeout: 15_000 }).toEqual(['cancelled', 'refunded']);
  await page.goto(`/showtimes/${showtime.id}`);
  await expect(page.getByTestId('not-on-sale')).toContainText('cancelled');
});

test('admins read when a cinema released its wheelchair and companion seats for general sale', async ({ page, request }) => {
  const admin = { Authorization: `Bearer ${await tokenOf(request, 'admin', 'marquee-demo')}` };
  const slug = unique('access-');
  const cinema = await request.post('/api/movies/theaters', {
    headers: admin,
    data: { slug, name: `Marquee ${slug}`, address: '1 Test Street', city: 'Hue', accessible_release: 'timed', accessible_release_minutes: 60 },
  });
  expect(cinema.status(), await cinema.text()).toBe(201);
  const hall = await request.post(`/api/movies/theaters/${(await cinema.json()).id}/halls`, {
    headers: admin,
    data: { name: 'Hall 1', layout: ['WPSSPW', 'SSSSSS'] },
  });
  expect(hall.status(), await hall.text()).toBe(201);
  const [movie] = await (await request.get('/api/movies/movies?q=Lanterns')).json();
  const showtime = await request.post('/api/movies/showtimes', {
    headers: admin,
    data: {
      movie_id: movie.id, hall_id: (await hall.json()).id, audio_language: 'Vietnamese', prices: { standard: 90000 },
      starts_at: new Date(Date.now() + 30 * 60_000).toISOString(),
    },
  });
  expect(showtime.status(), await showtime.text()).toBe(201);

  // Half an hour before the show, within the hour the rule keeps them: a companion seat alone is sold.
  const username = unique('access');
  await request.post('/api/auth/register', { data: { username, email: `${username}@example.com`, password: 'marquee-e2e-1' } });
  const customer = { Authorization: `Bearer ${await tokenOf(request, username, 'marquee-e2e-1')}` };
  const held = await request.post('/api/bookings/holds', {
    headers: customer,
    data: { showtime_id: (await showtime.json()).id, seat_ids: ['A2'] },
  });
  expect(held.status(), await held.text()).toBe(201);

  await signIn(page, 'admin');
  const audit = page.getByTestId('accessible-releases');
  await expect(audit).toContainText(`${movie.title} · Marquee ${slug}`);
  await expect(audit).toContainText('time before the show');
});
