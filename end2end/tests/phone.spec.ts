import { expect, test } from '@playwright/test';

// On a 360 px phone with touch: the seat map fits the width (every seat and row letter on
// screen), seats are chosen with a tap, and the header's links fold behind a menu.

test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

test('the seat map fits a phone, seats are tapped, and the header folds into a menu', async ({ page, request }) => {
  const showtimes = await (await request.get('/api/movies/showtimes?city=Hanoi&limit=60')).json();
  const showtime = showtimes.filter((s: { total_seats: number }) => s.total_seats >= 90)[11];
  await page.goto(`/showtimes/${showtime.id}`);
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();

  const map = page.getByTestId('seat-map');
  for (const label of ['A1', 'E1', 'E12', 'H12']) {
    const box = (await map.locator(`[data-seat="${label}"]`).boundingBox())!;
    expect(box.x, label).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, label).toBeLessThanOrEqual(360);
  }
  const letter = (await map.getByTestId('row-letter').first().boundingBox())!;
  expect(letter.x).toBeGreaterThanOrEqual(0);

  await map.locator('[data-seat="E6"]').tap();
  await expect(map.locator('[data-seat="E6"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('chosen-seats')).toContainText('E6');

  const menu = page.getByTestId('menu-button');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await menu.tap();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cinemas' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('phone-seat-map.png'), fullPage: true });
});
