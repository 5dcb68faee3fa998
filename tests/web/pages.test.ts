// The dashboard and the phone simulator in a real browser (Debian's Chromium through playwright-core),
// against the real stack: a customer orders on the phone page by tapping, staff watch it arrive live,
// take over and reply, move the order to delivered; the customer rates it; the stats chart counts it.
// Screenshots of both pages in English and Arabic go to docs/screenshots/ (shown in the README).
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { buildWebPages } from '../../scripts/build-web';
import { createApiDeps, closeApiDeps } from '../../src/api/deps';
import { startApi, type RunningApi } from '../../src/server';
import { createPhoneSimulator, type PhoneSimulator } from '../../src/twilio/phone/simulator';
import { randomWhatsApp, startStack, type TestRestaurant, type TestStack } from '../support/stack';
import { signDashboardToken } from '../../src/api/auth/jwt';
import { credentialKeysOf } from '../../src/tenants/credentials';
import { forgedTokens } from '../dashboard/helpers';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');
const STEP_MS = 20_000;

let stack: TestStack;
let api: RunningApi;
let phoneSim: PhoneSimulator;
let apiDeps: Parameters<typeof startApi>[0];
let browser: BrowserContext;
let profile: string;
let grill: TestRestaurant;
let bistro: TestRestaurant;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (what .ci/run does), or set CHROMIUM_PATH`);
  const [, started] = await Promise.all([buildWebPages(), startStack({ worker: true })]);
  stack = started;
  let apiUrl = '';
  phoneSim = createPhoneSimulator({
    fake: stack.twilio,
    prisma: stack.prisma,
    credentialKeys: credentialKeysOf(stack.config),
    apiUrl: () => apiUrl,
    publicBaseUrl: stack.config.PUBLIC_BASE_URL,
    deliveryDelayMs: 150,
  });
  apiDeps = { ...createApiDeps(stack.config), phone: phoneSim.router };
  api = await startApi(apiDeps, 0);
  apiUrl = api.url;
  // Buttons and lists (Content API) for the English order; numbered text for the Arabic one.
  grill = await stack.createRestaurant({
    restaurantName: 'Sufrah Grill',
    locale: 'en',
    interactiveMessages: true,
    deliveryFee: 1000,
    minDeliveryOrder: 3000,
  });
  bistro = await stack.createRestaurant({ restaurantName: 'مطعم سفرة', locale: 'ar', deliveryFee: 1000 });
  profile = mkdtempSync(join(tmpdir(), 'sufrah-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    locale: 'en-US',
    timezoneId: 'Asia/Riyadh',
  });
  browser.setDefaultTimeout(STEP_MS);
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterEach(async () => {
  // On failure, what each page showed (not committed: only docs/screenshots is).
  const dir = join(tmpdir(), 'sufrah-browser-test');
  mkdirSync(dir, { recursive: true });
  for (const [i, page] of (browser?.pages() ?? []).entries())
    await page.screenshot({ path: join(dir, `page-${i}.png`) }).catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  phoneSim?.close();
  await api?.stop();
  if (apiDeps) await closeApiDeps(apiDeps);
  await stack?.stop();
});

/** Every page error and CSP violation fails the test: the pages must work under their own policy. */
function watchForErrors(page: Page, errors: string[]): Page {
  page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`${page.url()}: ${msg.text()}`);
  });
  return page;
}

/** Pages in background tabs do not run their CSS transitions: bring the page forward first. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.bringToFront();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, name) });
}

/** The phone page's helpers: what the bot said last, and tapping its buttons, list rows or numbered rows. */
function phoneOf(page: Page) {
  const botLines = page.locator('.wa-line.theirs');
  const lastBot = () => botLines.last();
  return {
    async says(text: string, timeout = STEP_MS): Promise<Locator> {
      const line = botLines.filter({ hasText: text }).last();
      await line.waitFor({ timeout });
      return line;
    },
    async type(text: string) {
      await page.getByTestId('phone-input').fill(text);
      await page.getByTestId('phone-input').press('Enter');
    },
    /** Taps `title` under the bot's latest message: a quick reply, a numbered row, or a list row. */
    async tap(title: string) {
      const line = lastBot();
      const direct = line.locator('.wa-button, .wa-choice').filter({ hasText: title });
      if ((await direct.count()) > 0) return direct.first().click();
      await line.locator('.wa-button').first().click();
      await page.getByRole('dialog').locator('.sheet-row').filter({ hasText: title }).first().click();
    },
  };
}

test('a delivery order from the phone page, served from the dashboard, live in both', async () => {
  const errors: string[] = [];
  const customer = randomWhatsApp().replace('whatsapp:', '');
  const ownerToken = await signDashboardToken(stack.config.JWT_SECRET, {
    restaurantId: grill.tenant.id,
    role: 'owner',
    sub: 'browser-test',
  });

  // Staff have the dashboard open before the customer writes. An expired token is refused first.
  const dashboard = watchForErrors(await browser.newPage(), errors);
  await dashboard.setViewportSize({ width: 1280, height: 800 });
  const { expired } = await forgedTokens(stack, grill.tenant.id);
  await dashboard.goto(`${api.url}/dashboard?token=${expired}`);
  await dashboard.getByRole('alert').filter({ hasText: 'Your session has expired' }).waitFor();
  await dashboard.goto(`${api.url}/dashboard?token=${ownerToken}`);
  await dashboard.getByTestId('live-state').filter({ hasText: 'Live' }).waitFor();
  expect(new URL(dashboard.url()).searchParams.has('token')).toBe(false);

  const phonePage = watchForErrors(await browser.newPage(), errors);
  await phonePage.setViewportSize({ width: 1100, height: 860 });
  await phonePage.goto(`${api.url}/phone`);
  await phonePage.getByTestId('restaurant').selectOption(grill.tenant.id);
  await phonePage.getByTestId('customer').fill(customer);
  await phonePage.getByTestId('phone-connection').filter({ hasText: 'online' }).waitFor();
  const phone = phoneOf(phonePage);

  await phone.type('hi');
  await phone.says('Welcome to Sufrah Grill');
  // The conversation appears on the dashboard without a reload, unread.
  const row = dashboard.locator(`.conv-row[data-customer="whatsapp:${customer}"]`);
  await row.getByTestId('unread').waitFor();
  // Search by number (q): no match, then a match.
  const search = dashboard.getByRole('searchbox', { name: 'Search name or number' });
  await search.fill('+999');
  await dashboard.getByText('No conversation matches.').waitFor();
  await search.fill(customer.slice(-7));
  await row.waitFor();
  await search.fill('');

  await phone.tap('New order');
  await phone.says('Delivery or pickup?');
  await phone.tap('Delivery');
  await phone.says('share your location');
  await phonePage.getByTestId('attach').click();
  await phonePage.getByRole('dialog').locator('.sheet-row[data-inside="true"]').first().click();
  await phone.says('deliver your order from Olaya Branch');
  await phone.tap('Grills');
  await phone.says('Grills: choose an item');
  await phone.tap('Shish Tawook');
  await phone.says('How many Shish Tawook');
  await phone.tap('Two');
  await phone.says('Added 2 × Shish Tawook');

  // The order board is open when the customer checks out: the order arrives live.
  await dashboard.goto(`${api.url}/dashboard#orders`);
  await dashboard.getByTestId('orders-board').waitFor();
  await phone.tap('Checkout');
  await phone.says('Total');
  await phone.tap('Cash on delivery');
  const confirmed = await phone.says('is confirmed');
  const reference = /ORD-[0-9A-Z]{6}/.exec(await confirmed.innerText())![0];
  const card = dashboard.locator(`[data-order="${reference}"]`);
  await dashboard.locator('[data-column="CONFIRMED"]').locator(`[data-order="${reference}"]`).waitFor();
  expect(await card.innerText()).toContain('2 × Shish Tawook');
  await shoot(dashboard, 'dashboard-orders-en.png');
  await shoot(phonePage, 'phone-en.png');

  // Take over and answer as a person; the phone shows it.
  await dashboard.getByRole('tab', { name: 'Conversations' }).click();
  await row.click();
  await row.getByTestId('unread').waitFor({ state: 'detached' });
  await dashboard.getByTestId('bot-toggle').filter({ hasText: 'Take over' }).click();
  await dashboard.getByTestId('bot-toggle').filter({ hasText: 'Hand back to bot' }).waitFor();
  await dashboard.getByTestId('needs-agent-count').filter({ hasText: '1' }).waitFor();
  await dashboard.getByRole('textbox', { name: /Reply as/ }).fill('Hi Sara, your kebab is on the grill now!');
  await dashboard.getByRole('textbox', { name: /Reply as/ }).press('Enter');
  await phone.says('your kebab is on the grill now');
  // Sender and delivery status in the chat view (the emulator reports delivered, then read).
  const agentMessage = dashboard.locator('.msg[data-sender="agent"]').last();
  await dashboard.locator('.msg[data-sender="agent"][data-status="read"]').waitFor();
  expect(await agentMessage.textContent()).toContain('Agent');
  expect(await dashboard.locator('.msg[data-sender="customer"]').count()).toBeGreaterThan(5);
  expect(await dashboard.locator('.msg[data-sender="bot"]').count()).toBeGreaterThan(5);
  await shoot(dashboard, 'dashboard-en.png');

  // A send Twilio refuses is shown failed, listed under failed sends, and goes out on retry.
  stack.twilio.failNext({ status: 400, code: 21211, message: "Invalid 'To' Phone Number" });
  await dashboard.getByRole('textbox', { name: /Reply as/ }).fill('Would you like extra garlic sauce?');
  await dashboard.getByRole('textbox', { name: /Reply as/ }).press('Enter');
  await dashboard.locator('.msg[data-sender="agent"][data-status="failed"]').filter({ hasText: 'garlic' }).waitFor();
  await dashboard.getByTestId('failed-count').filter({ hasText: '1' }).waitFor();
  await dashboard.getByRole('tab', { name: /Failed sends/ }).click();
  const failed = dashboard.locator('.failed-row').filter({ hasText: 'garlic' });
  await failed.getByRole('button', { name: 'Retry' }).click();
  await failed.waitFor({ state: 'detached' });
  await dashboard.getByTestId('failed-count').waitFor({ state: 'detached' });
  // A replay is a staff action: it may wait for the dispatcher's next round when the signal misses.
  await phone.says('extra garlic sauce', 45_000);
  await dashboard.getByRole('tab', { name: 'Conversations' }).click();
  await row.click();
  await dashboard.getByTestId('bot-toggle').filter({ hasText: 'Hand back to bot' }).click();
  await dashboard.getByTestId('bot-toggle').filter({ hasText: 'Take over' }).waitFor();

  // Along the board's buttons to delivered; the customer is told at each step.
  await dashboard.getByRole('tab', { name: 'Orders' }).click();
  for (const [button, column, told] of [
    ['Start preparing', 'PREPARING', 'being prepared'],
    ['Out for delivery', 'ON_THE_WAY', 'out for delivery'],
    ['Mark delivered', 'DONE', 'rate it'],
  ] as const) {
    await card.getByRole('button', { name: button }).click();
    await dashboard.locator(`[data-column="${column}"] [data-order="${reference}"]`).waitFor();
    await phone.says(told);
  }
  expect(await card.getByRole('button').count()).toBe(0);

  // The customer rates it on the phone; the board and the stats show it.
  await phone.tap('⭐⭐⭐⭐⭐');
  await phone.says('comment');
  await phone.type('Lovely kebab, still hot');
  await phone.says('Thank you');
  await card.filter({ hasText: 'Rated 5/5' }).waitFor();

  await dashboard.getByRole('tab', { name: 'Stats' }).click();
  await dashboard.locator('[data-testid="chart-ratings"][data-values="1,0,0,0,0"]').waitFor();
  const perDay = (await dashboard.getByTestId('chart-orders').getAttribute('data-values'))!.split(',').map(Number);
  expect(perDay.reduce((a, b) => a + b, 0)).toBe(1);
  expect(perDay.at(-1)).toBe(1);
  expect(await dashboard.getByTestId('kpi-orders').innerText()).toContain('1');
  expect(await dashboard.getByTestId('kpi-revenue').innerText()).toContain('74.00');
  await dashboard.setViewportSize({ width: 1280, height: 900 });
  await shoot(dashboard, 'dashboard-stats-en.png');
  await dashboard.setViewportSize({ width: 1280, height: 800 });

  // Arabic: the same dashboard right-to-left, and an Arabic customer on the numbered-text form.
  await dashboard.getByRole('button', { name: 'العربية' }).click();
  await dashboard.locator('html[dir="rtl"]').waitFor();
  await dashboard.getByRole('tab', { name: 'المحادثات' }).click();
  await row.click();
  await dashboard.locator('.msg[data-sender="agent"]').first().waitFor();
  await shoot(dashboard, 'dashboard-ar.png');
  await dashboard.setViewportSize({ width: 390, height: 780 });
  await shoot(dashboard, 'dashboard-mobile-ar.png');

  await phonePage.getByRole('button', { name: 'العربية' }).click();
  await phonePage.locator('html[dir="rtl"]').waitFor();
  await phonePage.getByTestId('restaurant').selectOption(bistro.tenant.id);
  await phonePage.getByTestId('customer').fill(randomWhatsApp().replace('whatsapp:', ''));
  const arabic = phoneOf(phonePage);
  await arabic.type('مرحبا');
  await arabic.says('أهلاً بك في مطعم سفرة');
  await arabic.tap('طلب جديد');
  await arabic.says('توصيل أم استلام');
  await arabic.tap('توصيل');
  await arabic.says('موقعك');
  await phonePage.getByTestId('attach').click();
  await phonePage.getByRole('dialog').locator('.sheet-row[data-inside="false"]').click();
  await phonePage.locator('.wa-line.theirs').nth(3).waitFor();
  await shoot(phonePage, 'phone-ar.png');

  // An agent sees no stats and no prices, and can mark an item sold out.
  const agentToken = await signDashboardToken(stack.config.JWT_SECRET, {
    restaurantId: grill.tenant.id,
    role: 'agent',
    sub: 'browser-test',
  });
  const agentPage = watchForErrors(await browser.newPage(), errors);
  await agentPage.goto(`${api.url}/dashboard?token=${agentToken}#menu`);
  const hummus = agentPage.getByRole('switch', { name: /^(Hummus|حمص)/ });
  await hummus.click();
  await agentPage.locator('.menu-item.sold-out').filter({ has: hummus }).waitFor();
  expect(await agentPage.locator('[data-tab]').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-tab')))).toEqual([
    'conversations',
    'orders',
    'menu',
    'failed',
  ]);
  expect(await agentPage.locator('.price-edit').count()).toBe(0);
  const item = await stack.prisma.menuItem.findFirstOrThrow({ where: { restaurantId: grill.tenant.id, nameEn: 'Hummus' } });
  expect(item.isAvailable).toBe(false);
  expect(errors).toEqual([]);

  // The API goes away: the dashboard says it is offline, reconnects by itself when it is back.
  await Promise.all([phonePage.close(), agentPage.close()]);
  const port = Number(new URL(api.url).port);
  await api.stop();
  await dashboard.getByTestId('live-state').filter({ hasText: 'غير متصل' }).waitFor();
  api = await startApi(apiDeps, port);
  await dashboard.getByTestId('live-state').filter({ hasText: 'مباشر' }).waitFor();
}, 150_000);
