#!/usr/bin/env node
// Browser test of the web status page: our supervisord on a loopback ephemeral port, Debian's
// headless Chromium driven by playwright-core (tests/node). Checks the live table, actions
// (JavaScript on and off), restart all, the in-page log view following output, escaping of hostile
// names and log text, CSRF refusals, and saves desktop and phone screenshots to
// tests/artifacts/. Exit 0: all passed; 1: a check failed; 77: prerequisites missing (skip).
// SUP_UPDATE_SCREENSHOTS=1 also refreshes web-ui/screenshots/{desktop,phone}.png.
'use strict';

const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const { kSourceDir, skip, requireTestPackage, until, freePort, startDaemon } = require('../node/harness');

const kDaemon = process.env.SUP_SUPERVISORD;
const kChromium = '/usr/bin/chromium';
const kUser = 'webadmin';
const kPassword = 'pa:ss word';
const kHostileName = '<i>evil&amp;<script>';
const kHostileLog = '<script>window.pwned=1</script><b>bold</b>&amp;';

const playwright = requireTestPackage('playwright-core', 'run scripts/setup-deps');
if (!kDaemon || !fs.existsSync(kDaemon)) skip(`SUP_SUPERVISORD not set or missing: ${kDaemon}`);
if (!fs.existsSync(kChromium)) skip(`${kChromium} not installed`);

// ---- helpers ---------------------------------------------------------------------------

const authHeader = `Basic ${Buffer.from(`${kUser}:${kPassword}`).toString('base64')}`;

function request(port, method, target, { body = '', headers = {}, auth = true } = {}) {
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    if (auth) h.Authorization = authHeader;
    if (body) h['Content-Length'] = Buffer.byteLength(body);
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers: h, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.setTimeout(15000, () => req.destroy(new Error(`${method} ${target} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

const xmlEscape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function rpc(port, method, ...params) {
  const body = `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>` +
    params.map((p) => `<param><value><string>${xmlEscape(p)}</string></value></param>`).join('') +
    '</params></methodCall>';
  const res = await request(port, 'POST', '/RPC2', { body, headers: { 'Content-Type': 'text/xml' } });
  if (res.status !== 200) throw new Error(`${method}: HTTP ${res.status}`);
  if (res.body.includes('<fault>')) throw new Error(`${method}: fault ${res.body}`);
  return res.body;
}

async function pidOf(port, name) {
  const xml = await rpc(port, 'supervisor.getProcessInfo', name);
  const m = xml.match(/<name>pid<\/name>\s*<value><int>(\d+)<\/int>/);
  return m ? Number(m[1]) : 0;
}

async function stateOf(port, name) {
  const xml = await rpc(port, 'supervisor.getProcessInfo', name);
  const m = xml.match(/<name>statename<\/name>\s*<value><string>([A-Z]+)<\/string>/);
  return m ? m[1] : '';
}

// ---- daemon ----------------------------------------------------------------------------

function writeConfig(dir, port) {
  const config = `[supervisord]
logfile=${dir}/supervisord.log
pidfile=${dir}/supervisord.pid
childlogdir=${dir}
nodaemon=true
loglevel=info
identifier=webui-test

[inet_http_server]
port=127.0.0.1:${port}
username=${kUser}
password=${kPassword}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:ticker]
command=/bin/sh -c 'while true; do echo "tick $$"; sleep 0.3; done'
startsecs=0
stopwaitsecs=2

[program:echo]
command=/bin/cat
startsecs=0

[program:${kHostileName}]
command=/bin/sh -c 'echo "${kHostileLog}"; echo "${kHostileLog}" >&2; exec sleep 1000'
startsecs=0

[program:flaky]
command=/bin/sh -c 'echo "starting"; echo "oops: config missing" >&2; exit 3'
startsecs=1
startretries=0

[group:grp]
programs=ga,gb

[program:ga]
command=/bin/sleep 1000
startsecs=0

[program:gb]
command=/bin/sleep 1000
startsecs=0
`;
  const file = path.join(dir, 'supervisord.conf');
  fs.writeFileSync(file, config);
  return file;
}

// ---- the test --------------------------------------------------------------------------

const results = [];
async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${err && err.stack ? err.stack : err}`);
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sup-webui-'));
  const artifacts = path.join(kSourceDir, 'tests', 'artifacts');
  fs.mkdirSync(artifacts, { recursive: true });
  const port = await freePort();
  const config = writeConfig(dir, port);
  const daemon = startDaemon(kDaemon, config, path.join(dir, 'daemon.out'));

  let browser = null;
  const userDataDirs = [];
  const newContext = async (options = {}) => {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sup-webui-chromium-'));
    userDataDirs.push(userDataDir);
    return playwright.chromium.launchPersistentContext(userDataDir, {
      executablePath: kChromium,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      httpCredentials: { username: kUser, password: kPassword },
      viewport: { width: 1280, height: 800 },
      ...options,
    });
  };

  try {
    await until('daemon answering XML-RPC', async () => {
      if (daemon.exited) throw new Error(`daemon exited: ${fs.readFileSync(path.join(dir, 'daemon.out'), 'utf8')}`);
      return (await rpc(port, 'supervisor.getState')).includes('RUNNING');
    }, 15000, 100);
    await until('flaky given up', async () => (await stateOf(port, 'flaky')) === 'FATAL', 15000, 100);
    await until('all programs running', async () => {
      for (const n of ['ticker', 'echo', 'grp:ga', 'grp:gb', kHostileName]) {
        if (await stateOf(port, n) !== 'RUNNING') return false;
      }
      return true;
    }, 15000, 100);

    const base = `http://127.0.0.1:${port}/`;
    const context = await newContext();
    browser = context;
    const page = context.pages()[0] || await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    page.on('dialog', (d) => { pageErrors.push(`dialog: ${d.message()}`); d.dismiss(); });
    const row = (ns) => page.locator(`tr.proc[data-ns="${ns.replace(/["\\]/g, '\\$&')}"]`);
    const badge = (ns) => row(ns).locator('.badge');

    await check('basic auth is required (401 without credentials)', async () => {
      const res = await request(port, 'GET', '/', { auth: false });
      assert(res.status === 401, `status ${res.status}`);
      const asset = await request(port, 'GET', '/ui/status.css', { auth: false });
      assert(asset.status === 401, `asset status ${asset.status}`);
    });

    await check('ok.html and assets have the right types and cache headers', async () => {
      const ok = await request(port, 'GET', '/ok.html');
      assert(ok.status === 200 && ok.body === 'OK', `ok.html: ${ok.status} ${ok.body}`);
      const html = await request(port, 'GET', '/');
      assert(html.headers['content-type'] === 'text/html;charset=utf-8', html.headers['content-type']);
      assert(html.headers['cache-control'] === 'no-cache', html.headers['cache-control']);
      const m = html.body.match(/href="(ui\/status\.css\?v=[0-9a-f]+)"/);
      assert(m, 'no versioned stylesheet link');
      const css = await request(port, 'GET', `/${m[1]}`);
      assert(css.status === 200 && css.headers['content-type'].startsWith('text/css'), `css: ${css.status}`);
      assert(css.headers['cache-control'].includes('immutable'), css.headers['cache-control']);
      const js = await request(port, 'GET', '/ui/status.js');
      assert(js.headers['content-type'].startsWith('text/javascript'), js.headers['content-type']);
      assert(js.headers['cache-control'] === 'no-cache', js.headers['cache-control']);
    });

    await check('the table lists the processes, grouped, with pid and uptime', async () => {
      await page.goto(base);
      for (const ns of ['ticker', 'echo', 'grp:ga', 'grp:gb', kHostileName, 'flaky']) {
        await row(ns).waitFor({ timeout: 5000 });
      }
      assert(await badge('flaky').textContent() === 'fatal', 'flaky not fatal');
      assert(await row('flaky').locator('button[data-action="start"]').count() === 1, 'no start button on a fatal row');
      assert(await badge('ticker').textContent() === 'running', 'ticker not running');
      const pid = await pidOf(port, 'ticker');
      assert(await row('ticker').locator('td.pid').textContent() === String(pid), 'pid cell');
      await page.locator('#live:not([hidden])').waitFor({ timeout: 5000 });
      await until('uptime ticking', async () => /^\d+:\d\d:\d\d$/.test(await row('ticker').locator('td.uptime').textContent()));
      assert(await page.locator('tbody[data-group="grp"] tr.group-head').count() === 1, 'group heading');
      assert(await page.locator('#ident').textContent() === 'webui-test', 'identification');
      assert(await page.locator('footer .version').textContent() === '4.2.5', 'version');
    });

    await check('a hostile process name renders as text', async () => {
      const link = row(kHostileName).locator('td.name a');
      assert(await link.textContent() === kHostileName, `name shown as ${await link.textContent()}`);
      assert(await page.locator('#processes i, #processes script').count() === 0, 'markup from a name was parsed');
      assert(await page.evaluate(() => window.pwned) === undefined, 'script ran');
    });

    await check('stop then start of a process changes its row (live, no reload)', async () => {
      await page.evaluate(() => { window.noReload = true; });
      await row('ticker').locator('button[data-action="stop"]').click();
      await page.locator('#message', { hasText: 'Process ticker stopped' }).waitFor({ timeout: 10000 });
      await until('ticker row stopped', async () => (await badge('ticker').textContent()) === 'stopped', 5000);
      assert(await stateOf(port, 'ticker') === 'STOPPED', 'daemon disagrees');
      assert(await row('ticker').locator('td.pid').textContent() === '', 'pid still shown');
      await row('ticker').locator('button[data-action="start"]').click();
      await page.locator('#message', { hasText: 'Process ticker started' }).waitFor({ timeout: 10000 });
      await until('ticker row running', async () => (await badge('ticker').textContent()) === 'running', 5000);
      assert(await page.evaluate(() => window.noReload) === true, 'the page reloaded');
    });

    await check('the table follows changes made elsewhere (polling)', async () => {
      await rpc(port, 'supervisor.stopProcess', 'echo');
      await until('echo row stopped', async () => (await badge('echo').textContent()) === 'stopped', 3000);
      await rpc(port, 'supervisor.startProcess', 'echo');
      await until('echo row running', async () => (await badge('echo').textContent()) === 'running', 3000);
    });

    await check('restart all restarts every process', async () => {
      const before = await pidOf(port, 'ticker');
      const beforeGroup = await pidOf(port, 'grp:ga');
      await page.locator('.toolbar button[data-action="restartall"]').click();
      await page.locator('#message', { hasText: 'All restarted at' }).waitFor({ timeout: 20000 });
      const after = await pidOf(port, 'ticker');
      assert(after !== before && after > 0, `ticker pid ${before} -> ${after}`);
      assert(await pidOf(port, 'grp:ga') !== beforeGroup, 'grp:ga not restarted');
      await until('row shows the new pid', async () => (await row('ticker').locator('td.pid').textContent()) === String(after), 5000);
    });

    await check('group actions stop and start the whole group', async () => {
      await page.locator('tbody[data-group="grp"] button[data-action="stopgroup"]').click();
      await page.locator('#message', { hasText: 'Group grp stopped' }).waitFor({ timeout: 10000 });
      await until('group rows stopped', async () =>
        (await badge('grp:ga').textContent()) === 'stopped' && (await badge('grp:gb').textContent()) === 'stopped', 5000);
      assert(await badge('ticker').textContent() === 'running', 'ticker affected');
      await page.locator('tbody[data-group="grp"] button[data-action="startgroup"]').click();
      await page.locator('#message', { hasText: 'Group grp started' }).waitFor({ timeout: 10000 });
      await until('group rows running', async () => (await badge('grp:gb').textContent()) === 'running', 5000);
    });

    await check('filter by name and by state', async () => {
      await page.fill('#filter-text', 'grp');
      await until('only grp rows', async () => (await page.locator('tr.proc:visible').count()) === 2, 3000);
      await page.fill('#filter-text', '');
      await page.selectOption('#filter-state', 'stopped');
      await until('no stopped rows', async () => (await page.locator('tr.proc:visible').count()) === 0, 3000);
      assert(await page.locator('#empty').textContent() === 'No process matches the filter.', 'empty text');
      await page.selectOption('#filter-state', '');
      await until('all rows back', async () => (await page.locator('tr.proc:visible').count()) === 6, 3000);
    });

    await check('the Figures switch shows CPU and memory under each running process, and hides them', async () => {
      assert(!(await page.locator('#figures-on').isChecked()), 'figures are off by default');
      assert((await page.locator('tr.proc .figures:visible').count()) === 0, 'no figures while off');
      await page.check('#figures-on');
      await until('figures shown', async () =>
        /^CPU \d+\.\d% .* RSS \d+(\.\d)?[BKMG] .* fds .* restarts?$/.test(
          (await row('echo').locator('.figures').textContent()) || ''), 5000);
      assert((await row('echo').locator('.desc-text').textContent()).startsWith('pid '), 'description kept');
      await page.uncheck('#figures-on');
      await until('figures hidden', async () => (await page.locator('tr.proc .figures:visible').count()) === 0, 5000);
    });

    await check('the log view follows new output (stdout and stderr)', async () => {
      // A line written before the view opens arrives in the stream's first chunk: once it
      // shows, the stream is connected and what follows is followed output.
      const before = `before-${Date.now()}`;
      await rpc(port, 'supervisor.sendProcessStdin', 'echo', `${before}\n`);
      await row('echo').locator('a.tail-link.btn').click();
      await page.locator('#tail:not([hidden])').waitFor({ timeout: 3000 });
      await page.waitForFunction((m) => document.getElementById('tail-text').textContent.includes(m), before, { timeout: 10000 });
      const marker = `marker-${Date.now()}-<b>x</b>`;
      const sent = Date.now();
      await rpc(port, 'supervisor.sendProcessStdin', 'echo', `${marker}\n`);
      // A deadline, not a speed target: how fast the view follows is reported, not asserted.
      await page.waitForFunction((m) => document.getElementById('tail-text').textContent.includes(m), marker, { timeout: 10000 });
      console.log(`     log line visible ${Date.now() - sent} ms after it was written`);
      assert(await page.locator('#tail-text b').count() === 0, 'log markup parsed');

      await row(kHostileName).locator('a.tail-link.btn').click();
      await page.waitForFunction((t) => document.getElementById('tail-text').textContent.includes(t), kHostileLog, { timeout: 3000 });
      await page.locator('#tail .tabs button[data-channel="stderr"]').click();
      await page.waitForFunction((t) => document.getElementById('tail-text').textContent.includes(t), kHostileLog, { timeout: 3000 });
      assert(await page.locator('#tail-text script, #tail-text b').count() === 0, 'hostile log parsed as HTML');
      assert(await page.evaluate(() => window.pwned) === undefined, 'hostile log script ran');
    });

    await check('screenshots: desktop and phone width', async () => {
      await page.locator('#tail-close').click();
      await rpc(port, 'supervisor.stopProcess', 'grp:gb');
      await page.goto(base);
      await page.locator('#live:not([hidden])').waitFor({ timeout: 5000 });
      await row('echo').locator('a.tail-link.btn').click();
      await rpc(port, 'supervisor.sendProcessStdin', 'echo', 'hello from the echo program\nlog lines stream here live\n');
      await page.waitForFunction(() => document.getElementById('tail-text').textContent.includes('stream here'), null, { timeout: 3000 });
      await page.screenshot({ path: path.join(artifacts, 'webui-desktop.png'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(base);
      await page.locator('#live:not([hidden])').waitFor({ timeout: 5000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `page is ${overflow}px wider than a phone screen`);
      await page.screenshot({ path: path.join(artifacts, 'webui-phone.png'), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 800 });
      if (process.env.SUP_UPDATE_SCREENSHOTS === '1') {
        const dest = path.join(kSourceDir, 'web-ui', 'screenshots');
        fs.mkdirSync(dest, { recursive: true });
        fs.copyFileSync(path.join(artifacts, 'webui-desktop.png'), path.join(dest, 'desktop.png'));
        fs.copyFileSync(path.join(artifacts, 'webui-phone.png'), path.join(dest, 'phone.png'));
      }
    });

    await check('an action without the token, or from another origin, is refused', async () => {
      const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
      const noToken = await request(port, 'POST', '/index.html', { body: 'action=stop&processname=ticker', headers: form });
      assert(noToken.status === 403, `no token: ${noToken.status}`);
      const wrong = await request(port, 'POST', '/index.html', { body: 'action=stopall&csrf_token=00', headers: form });
      assert(wrong.status === 403, `wrong token: ${wrong.status}`);
      const html = (await request(port, 'GET', '/')).body;
      const token = html.match(/name="csrf_token" value="([0-9a-f]+)"/)[1];
      const evil = await request(port, 'POST', '/index.html', {
        body: `action=stop&processname=ticker&csrf_token=${token}`, headers: { ...form, Origin: 'http://evil.example' },
      });
      assert(evil.status === 403, `cross-origin: ${evil.status}`);
      assert(await stateOf(port, 'ticker') === 'RUNNING', 'ticker was stopped');
      const good = await request(port, 'POST', '/index.html', { body: `action=clearlog&processname=ticker&csrf_token=${token}`, headers: form });
      assert(good.status === 301, `with token: ${good.status}`);
      assert(good.headers.location === `http://127.0.0.1:${port}/?message=Log%20for%20ticker%20cleared`, good.headers.location);
    });

    await check('an old-style GET action link asks for confirmation, then acts by POST', async () => {
      await page.goto(`${base}index.html?processname=echo&action=stop`);
      await page.locator('#confirm').waitFor({ timeout: 3000 });
      assert(await stateOf(port, 'echo') === 'RUNNING', 'GET link changed state');
      await page.locator('#confirm-button').click();
      await page.waitForURL(/message=Process%20echo%20stopped/, { timeout: 10000 });
      assert(await stateOf(port, 'echo') === 'STOPPED', 'confirmation did not stop echo');
      await page.goto(`${base}index.html?processname=echo&action=start`);
      await page.locator('#confirm-button').click();
      await page.waitForURL(/message=Process%20echo%20started/, { timeout: 10000 });
    });

    await check('with JavaScript off, buttons still work and tail.html shows the log', async () => {
      const plain = await newContext({ javaScriptEnabled: false });
      try {
        const p = plain.pages()[0] || await plain.newPage();
        await p.goto(base);
        const r = p.locator('tr.proc[data-ns="ticker"]');
        await r.locator('button[data-action="stop"]').click();
        await p.waitForURL(/message=Process%20ticker%20stopped/, { timeout: 10000 });
        assert(await p.locator('#message').textContent() === 'Process ticker stopped', 'message');
        assert(await r.locator('.badge').textContent() === 'stopped', 'row after stop');
        await r.locator('button[data-action="start"]').click();
        await p.waitForURL(/message=Process%20ticker%20started/, { timeout: 10000 });
        assert(await r.locator('.badge').textContent() === 'running', 'row after start');
        await p.goto(`${base}index.html?filter=grp`);
        assert(await p.locator('tr.proc').count() === 2, 'server-side filter');
        await p.goto(`${base}tail.html?processname=${encodeURIComponent(kHostileName)}`);
        assert((await p.locator('#log').textContent()).includes(kHostileLog), 'tail.html text');
        assert(await p.locator('#log script, #log b').count() === 0, 'tail.html parsed log markup');
      } finally {
        await plain.close();
      }
    });

    await check('no script errors on the page', async () => {
      assert(pageErrors.length === 0, pageErrors.join('; '));
    });
  } catch (err) {
    results.push({ name: 'setup', ok: false });
    console.log(`FAIL setup: ${err && err.stack ? err.stack : err}`);
    try { console.log(fs.readFileSync(path.join(dir, 'daemon.out'), 'utf8')); } catch (e) { /* none */ }
  } finally {
    if (browser) await browser.close().catch(() => {});
    await daemon.stop(15000);
    for (const d of userDataDirs) fs.rmSync(d, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((err) => {
  console.log(`FAIL: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
