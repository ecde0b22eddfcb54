import { expect, test } from '@playwright/test';

// The booking API through the gateway: a hold shows on the movie service's seat map, marked as
// the caller's own only for the caller.
test('a held seat shows as held on the seat map, and as mine only to me', async ({ request }) => {
  const login = await request.post('/api/auth/token', { form: { username: 'customer', password: 'marquee-demo' } });
  const token = (await login.json()).access_token as string;
  const auth = { Authorization: `Bearer ${token}` };

  const showtimes = await (await request.get('/api/movies/showtimes?city=Hanoi&limit=50')).json();
  const showtime = showtimes[showtimes.length - 1];

  const held = await request.post('/api/bookings/holds', {
    headers: auth,
    data: { showtime_id: showtime.id, seat_ids: ['C4'] },
  });
  expect(held.status(), await held.text()).toBe(201);
  const hold = await held.json();

  const seatOf = (map: { seats: { seat_row: string; seat_number: number }[] }) =>
    map.seats.find((seat) => `${seat.seat_row}${seat.seat_number}` === 'C4') as Record<string, unknown>;

  const mine = await (await request.get(`/api/movies/showtimes/${showtime.id}/seats`, { headers: auth })).json();
  expect(mine.live).toBe(true);
  expect(mine.version).toBeGreaterThan(0);
  expect(seatOf(mine)).toMatchObject({ status: 'held', mine: true });

  const anyone = await (await request.get(`/api/movies/showtimes/${showtime.id}/seats`)).json();
  expect(seatOf(anyone)).toMatchObject({ status: 'held', mine: false });
  const summary = await (await request.get(`/api/movies/showtimes/${showtime.id}/available-seats`)).json();
  expect(summary.held_count).toBeGreaterThanOrEqual(1);
  expect(summary.available_count).toBe(anyone.available_seats);

  const released = await request.delete(`/api/bookings/holds/${hold.id}`, { headers: auth });
  expect(released.status()).toBe(204);
  const after = await (await request.get(`/api/movies/showtimes/${showtime.id}/seats`)).json();
  expect(seatOf(after).status).toBe('available');
  expect(after.version).toBeGreaterThan(anyone.version);
});
