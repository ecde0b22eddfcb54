import { expect, test, type Page } from '@playwright/test';

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
  await expect(page.getByTestId('form-message')).toContainText(`Scheduled for ${day} at 21:00`);

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
});

test('a broken layout is refused with the reason', async ({ page }) => {
  await signIn(page, 'admin');
  await page.locator('textarea[name="layout"]').fill('SSC\nSS');
  await page.getByLabel('Hall name').fill('Broken hall');
  await page.getByRole('button', { name: 'Add hall' }).click();
  await expect(page.getByTestId('error-layout')).toContainText('couple seats come in pairs');
});
