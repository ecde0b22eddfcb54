import { expect, test, type Page } from '@playwright/test';
import { unique } from './support';

// Marquee in Vietnamese: the whole booking, from registering to the notice, and the header's
// switch keeping its choice across pages, a reload and signing in.

/** Fills the open registration page, labelled in Vietnamese, and waits to be signed in. */
async function registerInVietnamese(page: Page, username: string) {
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill('marquee-e2e-1');
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(page.getByTestId('account-name')).toBeVisible();
}

test.use({ locale: 'vi-VN', extraHTTPHeaders: { 'Accept-Language': 'vi-VN,vi;q=0.9' } });

test('a whole booking in Vietnamese: register, choose a seat, pay, ticket and notice', async ({ page }) => {
  const showtimes = await (await page.request.get('/api/movies/showtimes?city=Ho%20Chi%20Minh%20City&limit=60')).json();
  const showtime = showtimes.filter((s: { total_seats: number }) => s.total_seats >= 90)[6];
  const map = await (await page.request.get(`/api/movies/showtimes/${showtime.id}/seats`)).json();
  const seat = map.seats.find((s: { status: string; seat_type: string }) => s.status === 'available' && s.seat_type === 'standard');
  const label = `${seat.seat_row}${seat.seat_number}`;

  const username = unique('khach');
  await page.goto('/register');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  await registerInVietnamese(page, username);
  await expect(page.getByRole('link', { name: 'Vé của tôi' })).toBeVisible();

  await page.goto(`/showtimes/${showtime.id}`);
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-live', 'true');
  // The seat map speaks Vietnamese to screen readers too.
  const seatButton = page.getByTestId('seat-map').locator(`[data-seat="${label}"]`);
  await expect(seatButton).toHaveAttribute('aria-label', new RegExp(`^Hàng ${seat.seat_row} ghế ${seat.seat_number}, .*₫, còn trống$`));
  await seatButton.click();
  await page.getByRole('button', { name: 'Giữ 1 ghế' }).click();
  await page.getByRole('button', { name: 'Tiếp tục thanh toán' }).click();
  await expect(page).toHaveURL(/\/bookings\/[0-9a-f-]+$/);
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  await expect(page.getByTestId('booking-status')).toHaveText('Chờ thanh toán');
  // Money the Vietnamese way: dots between thousands, then the đồng sign.
  await expect(page.getByTestId('checkout')).toContainText(/\d{1,3}(\.\d{3})+ ₫/);

  await page.getByLabel('Số thẻ').fill('4242 4242 4242 4242');
  await page.getByLabel('Ngày hết hạn (MM/YY)').fill('12/30');
  await page.getByLabel('Mã bảo mật').fill('123');
  await page.getByRole('button', { name: /^Thanh toán \d/ }).click();

  await expect(page.getByTestId('booking-status')).toHaveText('Đã xác nhận', { timeout: 15_000 });
  await expect(page.getByTestId('ticket-qr').locator('svg')).toBeVisible();
  await expect(page.getByTestId('checkout')).toContainText('Đặt vé thành công. Vui lòng xuất trình vé này tại rạp.');
  await expect(page.getByTestId('checkout')).toContainText(label);
  // The showtime's day as Vietnamese write it: "Thứ Bảy, 28/11".
  await expect(page.getByTestId('checkout')).toContainText(/(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d{2}\/\d{2}/);

  // The calendar file is in Vietnamese.
  const calendar = await page.request.get(`${page.url()}/calendar.ics`);
  expect(calendar.status()).toBe(200);
  expect(await calendar.text()).toMatch(/Ghế|ghế/);

  // The notice arrives, in Vietnamese.
  await expect(page.getByTestId('unread-count')).toHaveText(/^[1-9]/, { timeout: 15_000 });
  await page.getByTestId('notification-bell').click();
  await expect(page.getByTestId('notification-list')).toContainText('đã được xác nhận');
});

test('the language switch keeps its choice across pages, a reload and signing in', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('heading', { name: 'Phim đang chiếu' })).toBeVisible();
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();

  // The switch names each language in itself, and says which is chosen.
  await expect(page.getByTestId('language-vi')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('language-en').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: 'Now showing' })).toBeVisible();
  await expect(page.getByTestId('language-en')).toHaveAttribute('aria-pressed', 'true');

  // Another page, by a link, and a reload: still English, though the browser asks for Vietnamese.
  await page.getByRole('link', { name: 'Cinemas' }).first().click();
  await expect(page).toHaveURL(/\/cinemas$/);
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('link', { name: 'Cinemas' }).first()).toBeVisible();

  // Back to Vietnamese on this page; the page stays where it was.
  await page.getByTestId('language-vi').click();
  await expect(page).toHaveURL(/\/cinemas$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('link', { name: 'Rạp' }).first()).toBeVisible();

  // Signed in, the choice goes to the profile: a new browser (no cookie, English) gets it back.
  const username = unique('song');
  await page.goto('/register');
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  await registerInVietnamese(page, username);
  await page.getByTestId('language-en').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  const elsewhere = await page.context().browser()!.newContext({ locale: 'vi-VN', extraHTTPHeaders: { 'Accept-Language': 'vi' } });
  const other = await elsewhere.newPage();
  await other.goto('/login?next=/bookings');
  await expect(other.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(other.locator('[data-hydrated="true"]')).toBeVisible();
  await other.getByLabel('Tên đăng nhập hoặc email').fill(username);
  await other.getByLabel('Mật khẩu').fill('marquee-e2e-1');
  await other.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(other).toHaveURL(/\/bookings$/);
  await expect(other.locator('html')).toHaveAttribute('lang', 'en');
  await elsewhere.close();
});
