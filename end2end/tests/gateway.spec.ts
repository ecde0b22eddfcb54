import { expect, test } from '@playwright/test';

for (const service of ['auth', 'movies', 'bookings', 'payments', 'notifications']) {
  test(`the gateway reaches the ${service} service and its health reports every dependency`, async ({ request }) => {
    const response = await request.get(`/api/${service}/health`, {
      headers: { 'X-Correlation-ID': `e2e-${service}` },
    });
    expect(response.status()).toBe(200);
    expect(response.headers()['x-correlation-id']).toBe(`e2e-${service}`);
    const body = await response.json();
    expect(body.status).toBe('healthy');
    expect(body.dependencies.database).toBe('connected');
    for (const state of Object.values(body.dependencies)) expect(state).toBe('connected');
  });
}

test('the gateway lists movies from the movie service with the original fields', async ({ request }) => {
  const response = await request.get('/api/movies/movies');
  expect(response.status()).toBe(200);
  const movies = await response.json();
  expect(movies.length).toBeGreaterThanOrEqual(12);
  for (const field of ['id', 'title', 'description', 'duration_minutes', 'genre', 'language', 'rating', 'release_date', 'poster_url', 'director', 'is_active']) {
    expect(movies[0]).toHaveProperty(field);
  }
});

test('service-to-service paths are not reachable through the gateway', async ({ request }) => {
  const response = await request.get('/api/bookings/internal/anything');
  expect(response.status()).toBe(404);
  expect(await response.json()).toEqual({ detail: 'Not Found', code: 'not_found' });
});

test('the gateway refuses oversized bodies with a JSON 413', async ({ request }) => {
  const response = await request.post('/api/movies/movies', {
    headers: { 'Content-Type': 'application/json' },
    data: 'x'.repeat(2 * 1024 * 1024),
  });
  expect(response.status()).toBe(413);
  expect(await response.json()).toEqual({ detail: 'Request body too large', code: 'too_large' });
});

test('an unsafe correlation id is replaced, not passed on', async ({ request }) => {
  const response = await request.get('/api/movies/health/live', {
    headers: { 'X-Correlation-ID': 'bad id with spaces' },
  });
  const id = response.headers()['x-correlation-id'];
  expect(id).toBeTruthy();
  expect(id).not.toContain(' ');
});

for (const service of ['auth', 'movies', 'bookings', 'payments', 'notifications']) {
  test(`the ${service} service's OpenAPI document and docs page are reachable through the gateway`, async ({ request, page }) => {
    const document = await request.get(`/api/${service}/openapi.json`);
    expect(document.status()).toBe(200);
    const api = await document.json();
    expect(api.openapi).toBe('3.1.0');
    expect(api.servers[0].url).toBe(`/api/${service}`);

    const errors: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    await page.goto(`/api/${service}/docs`);
    await expect(page).toHaveURL(new RegExp(`/api/${service}/docs/$`));
    await expect(page.locator('.opblock').first()).toBeVisible();
    expect(errors).toEqual([]);
  });
}
