import { expect, test } from '@playwright/test';

// A page of each kind, and the group of pages (app/src/routes.rs) whose chunks it needs.
const pages = [
  { path: '/', group: 'front_page' },
  { path: '/cinemas', group: 'browse_pages' },
  { path: '/login', group: 'account_pages' },
  { path: '/kiosk', group: 'staff_pages' },
];

/** The `href`s of the `<link>` tags in `html` with the given `rel`. */
function linked(html: string, rel: string): string[] {
  return [...html.matchAll(/<link\b[^>]*>/g)]
    .map(([tag]) => tag)
    .filter((tag) => tag.includes(`rel="${rel}"`))
    .map((tag) => /href="([^"]*)"/.exec(tag)?.[1] ?? '');
}

test('every page names its own chunks in preload links, so they download beside the main module', async ({ request }) => {
  for (const { path, group } of pages) {
    // Twice: the second render must name them as well as the first.
    for (const visit of ['first', 'second']) {
      const response = await request.get(`${path}?visit=${visit}`);
      expect(response.status(), path).toBe(200);
      const chunks = linked(await response.text(), 'preload').filter((href) => href.endsWith('.wasm'));
      const context = `${path} (${visit} render) preloads ${JSON.stringify(chunks)}`;
      expect(chunks.some((href) => href.startsWith(`/pkg/split_${group}_`)), context).toBe(true);
      expect(chunks.filter((href) => href.startsWith('/pkg/split_')), context).toHaveLength(1);
    }
  }
});

test('a preloaded chunk is fetched once, not again when the page asks for it', async ({ page }) => {
  const fetched = new Map<string, number>();
  page.on('requestfinished', (request) => {
    const { pathname } = new URL(request.url());
    fetched.set(pathname, (fetched.get(pathname) ?? 0) + 1);
  });
  const unusedPreloads: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('preloaded using link preload but not used')) unusedPreloads.push(message.text());
  });

  await page.goto('/');
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  const preloaded = await page.locator('link[rel="preload"][href$=".wasm"]').evaluateAll((links) =>
    links.map((link) => new URL((link as HTMLLinkElement).href).pathname),
  );
  expect(preloaded.length).toBeGreaterThan(1);
  // Chromium reports a preload it could not match to a request a few seconds after the load.
  await page.waitForTimeout(3_500);
  for (const chunk of preloaded) expect(fetched.get(chunk), chunk).toBe(1);
  expect(unusedPreloads).toEqual([]);
});

test('the home page fetches the browsing pages\' code once idle, so a movie opens without waiting for it', async ({ page }) => {
  const browsingCode = page.waitForRequest(/\/pkg\/split_browse_pages_.*\.wasm$/);
  await page.goto('/');
  await expect(page.locator('[data-hydrated="true"]')).toBeVisible();
  await browsingCode;
  await page.waitForLoadState('networkidle');

  const fetchedOnTheWay: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) fetchedOnTheWay.push(request.url());
  });
  await page.getByRole('region', { name: 'Now showing' }).getByRole('link', { name: 'Paper Lanterns' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Paper Lanterns' })).toBeVisible();
  expect(fetchedOnTheWay).toEqual([]);
});
