import { expect, test } from '@playwright/test';

// What the original system's clients call through the gateway, answered as the original did.

for (const [prefix, service] of [
  ['auth', 'auth-service'],
  ['movies', 'movie-service'],
  ['bookings', 'booking-service'],
  ['payments', 'payment-service'],
  ['notifications', 'notification-service'],
]) {
  test(`the ${prefix} root says which service answers`, async ({ request }) => {
    const response = await request.get(`/api/${prefix}/`);
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.service).toBe(service);
    expect(body.status).toBe('running');
  });
}

test('the original gateway shortcuts reach the catalog, available seats listed', async ({ request }) => {
  const showtimes = await (await request.get('/api/showtimes?limit=1')).json();
  expect(showtimes).toHaveLength(1);
  const response = await request.get(`/api/showtimes/${showtimes[0].id}/available-seats`);
  expect(response.status()).toBe(200);
  const seats = await response.json();
  expect(seats.available_seats).toHaveLength(seats.available_count);
  expect(seats.booked_seats).toHaveLength(seats.booked_count);

  const theaters = await request.get('/api/theaters');
  expect(theaters.status()).toBe(200);
  expect((await theaters.json()).length).toBeGreaterThan(0);
});

test('every showtime is listed without a limit, and a page says how many there are', async ({ request }) => {
  const page = await request.get('/api/movies/showtimes?limit=1&skip=0');
  const total = Number(page.headers()['x-total-count']);
  expect(page.headers()['link']).toContain('rel="next"');
  const all = await (await request.get('/api/movies/showtimes?unknown=1')).json();
  expect(all.length).toBe(total);
});

test('a page on another origin may call the API', async ({ request }) => {
  const preflight = await request.fetch('/api/movies/movies', {
    method: 'OPTIONS',
    headers: {
      Origin: 'https://cinema-app.example',
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'authorization',
    },
  });
  expect(preflight.status()).toBe(200);
  expect(preflight.headers()['access-control-allow-origin']).toBe('*');
  const movies = await request.get('/api/movies/movies', { headers: { Origin: 'https://cinema-app.example' } });
  expect(movies.headers()['access-control-allow-origin']).toBe('*');
});
