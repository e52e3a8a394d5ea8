// What the Node.js tests share: skipping, polling with a deadline, a free loopback port, the
// packages installed in tests/node, and our supervisord as a child that is stopped by pid
// whatever way the test ends.
'use strict';

const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');

const kSourceDir = process.env.SUP_SOURCE_DIR || path.resolve(__dirname, '..', '..');

// Exit status 77 is ctest's "skipped" for these tests.
function skip(why) {
  console.log(`SKIP: ${why}`);
  process.exit(77);
}

// A package from tests/node/node_modules, or a skip naming what to run.
function requireTestPackage(name, howToInstall) {
  try {
    return require(path.join(kSourceDir, 'tests', 'node', 'node_modules', name));
  } catch (err) {
    return skip(`${name} not installed in tests/node (${howToInstall}): ${err.message}`);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Polls `fn` until it returns something truthy; throws, naming `what` and the last outcome,
// once the deadline has passed.
async function until(what, fn, timeoutMs = 10000, stepMs = 50) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what} (last: ${last && last.message ? last.message : JSON.stringify(last)})`);
    }
    await sleep(stepMs);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// `binary -n -c config` with its output in `outFile`. SIGTERM (on exit, ^C or a kill of this
// script) lets supervisord stop its own children.
function startDaemon(binary, config, outFile) {
  const out = fs.openSync(outFile, 'w');
  const child = spawn(binary, ['-n', '-c', config], { stdio: ['ignore', out, out] });
  const daemon = {
    child,
    pid: child.pid,
    exited: false,
    kill(sig = 'SIGTERM') {
      if (daemon.exited) return;
      try { process.kill(child.pid, sig); } catch (e) { /* gone */ }
    },
    // SIGTERM, then SIGKILL if it has not exited within `timeoutMs`.
    async stop(timeoutMs = 20000) {
      if (daemon.exited) return;
      daemon.kill('SIGTERM');
      await until('daemon exit', async () => daemon.exited, timeoutMs, 50).catch(() => daemon.kill('SIGKILL'));
    },
  };
  child.on('exit', () => { daemon.exited = true; });
  process.on('exit', () => daemon.kill());
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { daemon.kill(); process.exit(1); });
  return daemon;
}

// No sleep is exported: a test waits for a condition (until), never for a guessed time.
module.exports = { kSourceDir, skip, requireTestPackage, until, freePort, startDaemon };
