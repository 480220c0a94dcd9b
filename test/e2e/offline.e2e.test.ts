/**
 * The offline demo end to end, in headless Chromium (Debian's, driven by playwright-core):
 * `runOffline` in this process — a real redis-server, the real app (Bolt over HTTP, BullMQ
 * workers) and the Slack stand-in's web page — and a person using the page:
 *
 *   a. a customer's message → "⋯" → Create ticket → Submit → the card in #sanad-triage →
 *      switch to the founder → Approve & send → the reply in the customer's thread;
 *   b. /incident → the declare modal (title, data leaked) → SEV1 → the incident channel in the
 *      sidebar with its pinned summary;
 *   c. the App Home lists the open ticket and the active incident.
 *
 * Screenshots of every step go to artifacts/e2e/. No sleeps: Playwright's locators wait, and
 * the page marks itself `data-ready` once it has rendered the workspace.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { DEMO_CHANNELS, DEMO_MESSAGES, DEMO_USERS } from '../../src/demoWorkspace.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { type OfflineStack, runOffline } from '../../src/offline.ts';
import { ACTION, BLOCK, CALLBACK } from '../../src/views/ids.ts';
import { INCIDENT_BLOCK, INCIDENT_CALLBACK, INCIDENT_FLAG } from '../../src/views/incidentIds.ts';

/** The browser's own, inside `evaluate` (the tests are type-checked without the DOM lib). */
declare const getComputedStyle: (element: unknown) => { direction: string };

const ARTIFACTS = resolve('artifacts/e2e');
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** How long one page step may take before the test fails with what the page showed. */
const STEP_MS = 10_000;

const users = DEMO_USERS;
const channels = DEMO_CHANNELS;
const acmeComplaint = DEMO_MESSAGES.find(
  (m) => m.channelId === channels.acme.id && m.userId === users.customerAcme.id,
)!;
const incidentTitle = 'Customer export link exposed other tenants’ invoices';

let stack: OfflineStack;
let context: BrowserContext;
let page: Page;
let dataDir: string;
let profileDir: string;
const logs: string[] = [];
const pageErrors: string[] = [];
/** Shared between the steps: what (a) and (b) made, for (c). */
let ticketId: string | undefined;
let shot = 0;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'sanad-e2e-data-'));
  profileDir = mkdtempSync(join(tmpdir(), 'sanad-e2e-chromium-'));
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk, _enc, done) {
        logs.push(chunk.toString());
        done();
      },
    }),
  });
  // As `npm start` with nothing set: offline mode, a local redis-server, the demo workspace.
  stack = await runOffline(loadConfig({ LOG_LEVEL: 'info' }), {
    standInPort: 0,
    port: 0,
    dataDir,
    logger,
    banner: false,
    handleSignals: false,
    workerOptions: { drainDelaySeconds: 1 },
  });
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
    timezoneId: 'Asia/Riyadh',
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(STEP_MS);
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
}, 60_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await stack?.stop();
  for (const dir of [dataDir, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

// ------------------------------------------------------------------ page helpers

async function screenshot(name: string): Promise<void> {
  shot += 1;
  await page.screenshot({ path: join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`) });
}

async function open(query: Record<string, string>): Promise<void> {
  await page.goto(`${stack.standInUrl}/?${new URLSearchParams(query)}`);
  await page.locator('[data-testid="app"][data-ready="true"]').waitFor();
  await page.locator('[data-testid="connection-status"][data-state="open"]').waitFor();
}

/** Text without its whitespace (line boxes and quote marks lay it out differently). */
function squash(text: string | null): string {
  return (text ?? '').replace(/\s+/g, '');
}

/** Waits until nothing matches `locator`. */
async function gone(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'detached' });
}

/** Waits until the page's root says `name="value"` (its state after a render). */
async function pageState(name: string, value: string): Promise<void> {
  await page.locator(`[data-testid="app"][${name}="${value}"]`).waitFor({ state: 'attached' });
}

/**
 * What went wrong, for a failed wait: the page's error toasts, the last app requests, the
 * app's warnings and the page's own errors.
 */
async function diagnostics(): Promise<string> {
  const toasts = await page.getByTestId('toast').allInnerTexts();
  const activity = await page.getByTestId('activity-item').allInnerTexts();
  const warnings = logs.filter((l) => /"level":(40|50|60)/.test(l)).slice(-5);
  return [
    `toasts: ${JSON.stringify(toasts)}`,
    `app requests: ${JSON.stringify(activity.slice(0, 5))}`,
    `app warnings: ${warnings.join('').slice(0, 2000) || 'none'}`,
    `page errors: ${JSON.stringify(pageErrors)}`,
  ].join('\n');
}

/** Waits for `locator`; on failure, says what the page showed instead. */
async function expectVisible(locator: Locator, what: string, timeout = STEP_MS): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch (error) {
    await screenshot(`FAILED-${what.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => {});
    throw new Error(`${what}: not shown within ${timeout} ms.\n${await diagnostics()}`, {
      cause: error,
    });
  }
}

async function switchUser(userId: string): Promise<void> {
  await page.getByTestId('user-switcher').selectOption(userId);
  await pageState('data-user-id', userId);
}

async function openChannel(channelId: string): Promise<void> {
  await page.locator(`[data-testid="channel-item"][data-channel-id="${channelId}"]`).click();
  await pageState('data-channel-id', channelId);
}

const channelPane = () => page.getByTestId('channel-pane');
const modal = (callbackId: string) =>
  page.locator(`[data-testid="modal"][data-callback-id="${callbackId}"]`);

// ------------------------------------------------------------------ the journeys

describe('the offline demo in a browser', () => {
  it('starts with the demo workspace: channels, people and the customers’ messages, Arabic right to left', async () => {
    await open({ user: users.approver.id, channel: channels.acme.id });
    for (const c of Object.values(channels)) {
      await page
        .locator(`[data-testid="channel-item"][data-channel-id="${c.id}"]`)
        .and(page.locator(`[data-channel-name="${c.name}"]`))
        .waitFor();
    }
    const options = await page.getByTestId('user-switcher').locator('option').all();
    const people = await Promise.all(options.map((o) => o.getAttribute('value')));
    expect(people).toEqual(expect.arrayContaining(Object.values(users).map((u) => u.id)));

    const complaint = channelPane()
      .getByTestId('message')
      .filter({ hasText: acmeComplaint.text.slice(0, 20) });
    await expectVisible(complaint, 'the seeded Arabic complaint in #ext-acme');
    // The Arabic text box lays itself out right to left.
    const direction = await complaint
      .getByText(acmeComplaint.text.slice(0, 20))
      .evaluate((el) => getComputedStyle(el).direction);
    expect(direction).toBe('rtl');
    await screenshot('demo-workspace-acme');
  });

  it('a. customer message → Create ticket → card → founder approves → reply in the customer’s thread', async () => {
    await open({ user: users.approver.id, channel: channels.acme.id });
    const complaint = channelPane()
      .getByTestId('message')
      .filter({ hasText: acmeComplaint.text.slice(0, 20) })
      .first();
    const complaintTs = await complaint.getAttribute('data-ts');
    expect(complaintTs).toBeTruthy();

    await complaint.hover();
    await complaint.getByTestId('message-menu-button').click();
    await complaint.getByTestId('message-menu-create-ticket').click();
    const form = modal(CALLBACK.ticketShortcutModal);
    await expectVisible(form, 'the Create ticket modal');
    await screenshot('create-ticket-modal');
    await form.getByTestId('modal-submit').click();
    await gone(form);

    // The card in the triage channel.
    await openChannel(channels.triage.id);
    const card = channelPane()
      .getByTestId('message')
      .filter({ has: page.locator(`[data-action-id="${ACTION.approve}"]`) })
      .filter({ hasText: acmeComplaint.text.slice(0, 20) });
    await expectVisible(card, 'the ticket card in #sanad-triage');
    const cardText = (await card.first().textContent()) ?? '';
    expect(cardText).toContain('P0');
    ticketId = cardText.match(/SND-\d+/)?.[0];
    expect(ticketId, 'the card names its ticket').toBeTruthy();
    const draft = squash(
      await card.first().locator(`[data-block-id="${BLOCK.cardDraft}"]`).textContent(),
    );
    await screenshot('ticket-card-operator');

    // P0: only a founder approves.
    await switchUser(users.founder.id);
    await card.first().locator(`[data-action-id="${ACTION.approve}"]`).click();
    // Approving is final once the worker has posted: the button goes away.
    await gone(card.first().locator(`[data-action-id="${ACTION.approve}"]`));
    await screenshot('ticket-card-approved');

    // The reply, in the customer's thread.
    await openChannel(channels.acme.id);
    const root = channelPane().locator(`[data-testid="message"][data-ts="${complaintTs}"]`);
    await expectVisible(root.getByTestId('reply-count'), 'the reply under the customer message');
    await root.getByTestId('reply-count').click();
    const thread = page.getByTestId('thread-pane');
    await page.locator(`[data-testid="thread-pane"][data-thread-ts="${complaintTs}"]`).waitFor();
    const reply = thread
      .getByTestId('message')
      .and(page.locator(`[data-user-id="${stack.standIn.bot.userId}"]`))
      .and(page.locator(`[data-thread-ts="${complaintTs}"]:not([data-ts="${complaintTs}"])`));
    await expectVisible(reply, 'the approved reply in the thread');
    const replyBody = squash(await reply.first().getByTestId('block').first().textContent());
    const replyAll = (await reply.first().textContent()) ?? '';
    expect(replyAll).not.toMatch(/SND-\d+/);
    expect(replyAll).not.toContain(ticketId!);
    // It is the draft the founder approved (the card quotes it under a heading).
    expect(replyBody.length).toBeGreaterThan(40);
    expect(draft, 'the reply is the approved draft').toContain(replyBody);
    await screenshot('reply-in-customer-thread');
  });

  it('b. /incident → declare (data leaked) → SEV1 → the incident channel with its pinned summary', async () => {
    await open({ user: users.oncall.id, channel: channels.ops.id });
    const composer = page.getByTestId('composer-input');
    await composer.fill('/incident');
    await composer.press('Enter');
    const form = modal(INCIDENT_CALLBACK.declareModal);
    await expectVisible(form, 'the /incident declare modal');
    await form
      .locator(`[data-testid="modal-input"][data-block-id="${INCIDENT_BLOCK.title}"]`)
      .fill(incidentTitle);
    await form
      .locator(
        `[data-block-id="${INCIDENT_BLOCK.flags}"] [data-testid="checkbox-option"][data-value="${INCIDENT_FLAG.dataLeak}"]`,
      )
      .check();
    await screenshot('incident-modal');
    await form.getByTestId('modal-submit').click();
    await gone(form);

    const incidentChannel = page.locator('[data-testid="channel-item"][data-channel-name^="inc-"]');
    await expectVisible(incidentChannel, 'the incident channel in the sidebar');
    await incidentChannel.first().click();
    const summary = channelPane()
      .getByTestId('message')
      .filter({ has: page.getByTestId('pinned-badge') })
      .filter({ hasText: 'SEV1' });
    await expectVisible(summary, 'the pinned SEV1 summary in the incident channel');
    expect(await summary.first().textContent()).toContain(incidentTitle);
    await screenshot('incident-channel');
  });

  it('c. the App Home shows the open ticket and the active incident', async () => {
    await open({ user: users.founder.id, channel: channels.triage.id });
    await page.getByTestId('home-link').click();
    const home = page.getByTestId('home-tab');
    await expectVisible(home, 'the published App Home');
    expect(ticketId, 'step a made a ticket').toBeTruthy();
    // Both sections: the open ticket (by its id) and the active incident (severity and title).
    await expectVisible(
      home.filter({ hasText: ticketId! }),
      `the open ticket ${ticketId} on the Home`,
    );
    await expectVisible(
      home.filter({ hasText: incidentTitle }).filter({ hasText: 'SEV1' }),
      'the active SEV1 incident on the Home',
    );
    await screenshot('app-home');
  });
});
