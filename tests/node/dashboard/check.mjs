// Drives the dashboard of a running `lakefeed run` in headless Chromium (playwright-core, Debian's chromium) for
// tests/integration/dashboard_test.cc, and checks what a user sees:
//   1. without a token: the token prompt and no data;
//   2. with a token the server does not know: the prompt again, saying the token was refused;
//   3. with a read token: the task and its tables; an admin action answers 403 and the admin buttons are disabled;
//   4. with the admin token: the lag and throughput charts drawn from more than one sample, the table's row, and
//      its Reload button, whose request the server accepts.
// Prints one JSON line (what was rendered, the screenshot's path) and exits 0; on a failed check prints the reason
// to stderr, keeps a screenshot beside the requested one and exits 1.
//
// node check.mjs --url http://127.0.0.1:PORT/ --admin-token T --read-token T --table schema.table
//                --screenshot out.png [--timeout-ms 60000] [--chromium /usr/bin/chromium]
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: options } = parseArgs({
  options: {
    url: { type: 'string' },
    'admin-token': { type: 'string' },
    'read-token': { type: 'string' },
    table: { type: 'string' },
    screenshot: { type: 'string' },
    'timeout-ms': { type: 'string', default: '60000' },
    chromium: { type: 'string', default: process.env.LAKEFEED_CHROMIUM || '/usr/bin/chromium' },
  },
});
for (const required of ['url', 'admin-token', 'read-token', 'table', 'screenshot']) {
  if (!options[required]) {
    console.error(`check.mjs: --${required} is required`);
    process.exit(2);
  }
}
const timeout = Number(options['timeout-ms']);
const table = options.table;

class CheckFailed extends Error {}

function check(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

const browser = await chromium.launch({
  executablePath: options.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
const pageErrors = [];
const dialogs = [];
const apiRequests = [];  // [path, Authorization header or '']
let page;
let exitCode = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.accept();
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) apiRequests.push([url.pathname, request.headers().authorization || '']);
  });

  const authShownWith = async (words) => {
    await page.waitForFunction((expected) => {
      const auth = document.getElementById('auth');
      const message = document.getElementById('auth-message').textContent;
      return !auth.hidden && message.includes(expected);
    }, words);
  };
  const rowSelector = `#tables tbody tr[data-table="${table}"]`;
  const enterToken = async (token) => {
    await page.fill('#token-input', token);
    await page.click('#token-submit');
  };
  const noDataShown = async (when) => {
    check(await page.locator('#content').isHidden(), `${when}: the task's data is visible`);
    check(await page.locator('#tables tbody tr').count() === 0, `${when}: table rows are rendered`);
    check(await page.locator('#task-fields dt').count() === 0, `${when}: task fields are rendered`);
    const body = await page.locator('body').innerText();
    check(!body.includes(table), `${when}: the page shows ${table}`);
  };

  // 1. No token: the prompt, and nothing of the task.
  await page.goto(options.url);
  await authShownWith('needs an API token');
  await noDataShown('without a token');
  check(apiRequests.length > 0 && apiRequests.every(([, auth]) => auth === ''), 'calls without a token carried one');

  // 2. A token the server does not know.
  await enterToken('not-a-token-of-this-server');
  await authShownWith('refused');
  await noDataShown('with an unknown token');

  // 3. A read token: the task shows; an admin action is refused and disables the admin buttons.
  await enterToken(options['read-token']);
  await page.locator('#content').waitFor({ state: 'visible' });
  await page.locator(rowSelector).waitFor();
  check(await page.locator('#pause').isEnabled(), 'the admin buttons start disabled');
  await page.click('#pause');
  await page.waitForFunction(() => document.getElementById('pause').disabled);
  const refusal = await page.locator('#notice').innerText();
  check(refusal.includes('403'), `the notice after a refused admin call says "${refusal}"`);
  check(await page.locator(`${rowSelector} button.reload`).isDisabled(), 'Reload stays enabled for a read token');
  check(await page.locator('#merge').isDisabled() && await page.locator('#resume').isDisabled(),
        'merge and resume stay enabled for a read token');
  check(await page.locator('#admin-note').isVisible(), 'no note says the token is read-only');

  // 4. The admin token (forget the read one first).
  await page.click('#sign-out');
  await authShownWith('forgotten');
  await noDataShown('after forgetting the token');
  const firstAdminRequest = apiRequests.length;
  await enterToken(options['admin-token']);
  await page.locator('#content').waitFor({ state: 'visible' });
  check(await page.evaluate(() => sessionStorage.getItem('lakefeed.token')) === options['admin-token'],
        'the token is not kept in sessionStorage');
  // Samples come every 5 s: wait for two, in both charts.
  await page.waitForFunction(() => ['chart-lag', 'chart-throughput'].every(
    (id) => Number(document.getElementById(id).dataset.points) > 1 &&
            document.querySelectorAll(`#${id} svg .series`).length > 0));
  const points = await page.evaluate(() => ({
    lag: Number(document.getElementById('chart-lag').dataset.points),
    throughput: Number(document.getElementById('chart-throughput').dataset.points),
    behind: Number(document.getElementById('chart-behind').dataset.points),
  }));
  const tables = await page.locator('#tables tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.table));
  check(tables.includes(table), `the tables list is ${JSON.stringify(tables)}`);
  const state = await page.locator('#task-state').innerText();
  check(state === 'streaming', `the task state shown is "${state}"`);

  const reload = page.locator(`${rowSelector} button.reload`);
  await reload.waitFor();
  check(await reload.isEnabled(), 'Reload is disabled for the admin token');
  await reload.click();
  await page.waitForFunction(() => document.getElementById('notice').dataset.kind !== undefined &&
                                   !document.getElementById('notice').hidden &&
                                   document.getElementById('notice').textContent.includes('Reload of'));
  const notice = await page.locator('#notice').innerText();
  check(await page.locator('#notice').getAttribute('data-kind') === 'ok', `the reload answered "${notice}"`);
  check(dialogs.some((message) => message.includes(table)), `no confirmation named ${table}: ${dialogs}`);

  const adminRequests = apiRequests.slice(firstAdminRequest);
  check(adminRequests.length > 0 &&
        adminRequests.every(([, auth]) => auth === 'Bearer ' + options['admin-token']),
        'an API call went out without the admin token');
  check(adminRequests.some(([path]) => path === '/api/v1/tables/reload'), 'no reload request went out');
  check(pageErrors.length === 0, `script errors: ${pageErrors.join('; ')}`);

  await page.screenshot({ path: options.screenshot, fullPage: true });
  console.log(JSON.stringify({
    lag_points: points.lag,
    throughput_points: points.throughput,
    behind_points: points.behind,
    tables,
    state,
    notice,
    screenshot: options.screenshot,
  }));
} catch (error) {
  exitCode = 1;
  const failure = options.screenshot.replace(/(\.png)?$/, '-failed.png');
  if (page) await page.screenshot({ path: failure, fullPage: true }).catch(() => {});
  console.error(`check.mjs: ${error instanceof CheckFailed ? '' : 'error: '}${error.message}`);
  if (pageErrors.length) console.error(`script errors: ${pageErrors.join('; ')}`);
  console.error(`screenshot: ${failure}`);
} finally {
  await browser.close();
}
process.exit(exitCode);
