#!/usr/bin/env node
// Third-party client: the npm package `supervisord` (0.1.0, a thin wrapper over the `xmlrpc`
// package, installed in tests/node) used exactly as its README shows, against OUR daemon over
// the inet socket (http://user:pass@host:port, Basic auth) and over the UNIX socket
// (`unix:///path/s.sock`, which the library maps to xmlrpc's `socketPath` option).
// Checks results and that state changes really happen (pids appear/disappear, etc.).
// Exit 0: all passed; 1: a check failed; 77: prerequisites missing (skip).
// SUP_SUPERVISORD may point at /usr/bin/supervisord to validate the expectations against the
// reference implementation.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const { skip, requireTestPackage, until, freePort, startDaemon } = require('../node/harness');

const kDaemon = process.env.SUP_SUPERVISORD;
const kUser = 'alice';
const kPassword = 'secret';

const supervisord = requireTestPackage('supervisord', 'run npm install there');
if (!kDaemon || !fs.existsSync(kDaemon)) skip(`SUP_SUPERVISORD not set or missing: ${kDaemon}`);

// The library's method list as it ships (lib/api.js); every one must exist on the server.
const kLibraryMethods = [
  'addProcessGroup', 'clearAllProcessLogs', 'clearLog', 'clearProcessLog', 'clearProcessLogs',
  'getAPIVersion', 'getAllConfigInfo', 'getAllProcessInfo', 'getIdentification', 'getPID',
  'getProcessInfo', 'getState', 'getSupervisorVersion', 'getVersion', 'readLog', 'readMainLog',
  'readProcessLog', 'readProcessStderrLog', 'readProcessStdoutLog', 'reloadConfig',
  'removeProcessGroup', 'restart', 'sendProcessStdin', 'sendRemoteCommEvent', 'signalProcess',
  'signalProcessGroup', 'shutdown', 'startAllProcesses', 'startProcess', 'startProcessGroup',
  'stopAllProcesses', 'stopProcess', 'stopProcessGroup', 'tailProcessLog',
  'tailProcessStderrLog', 'tailProcessStdoutLog', 'listMethods', 'methodHelp',
  'methodSignature', 'multicall'];

// http-xmlrpc.md §7.12: the 41 names of system.listMethods with the standard interface.
const kAllMethods = [
  'supervisor.addProcessGroup', 'supervisor.clearAllProcessLogs', 'supervisor.clearLog',
  'supervisor.clearProcessLog', 'supervisor.clearProcessLogs', 'supervisor.getAPIVersion',
  'supervisor.getAllConfigInfo', 'supervisor.getAllProcessInfo', 'supervisor.getIdentification',
  'supervisor.getPID', 'supervisor.getProcessInfo', 'supervisor.getState',
  'supervisor.getSupervisorVersion', 'supervisor.getVersion', 'supervisor.readLog',
  'supervisor.readMainLog', 'supervisor.readProcessLog', 'supervisor.readProcessStderrLog',
  'supervisor.readProcessStdoutLog', 'supervisor.reloadConfig', 'supervisor.removeProcessGroup',
  'supervisor.restart', 'supervisor.sendProcessStdin', 'supervisor.sendRemoteCommEvent',
  'supervisor.shutdown', 'supervisor.signalAllProcesses', 'supervisor.signalProcess',
  'supervisor.signalProcessGroup', 'supervisor.startAllProcesses', 'supervisor.startProcess',
  'supervisor.startProcessGroup', 'supervisor.stopAllProcesses', 'supervisor.stopProcess',
  'supervisor.stopProcessGroup', 'supervisor.tailProcessLog', 'supervisor.tailProcessStderrLog',
  'supervisor.tailProcessStdoutLog', 'system.listMethods', 'system.methodHelp',
  'system.methodSignature', 'system.multicall'];

// ---- helpers ---------------------------------------------------------------------------

// Calls a library method (callback style, as documented) and returns a promise; rejects with
// the library's error (XML-RPC faults carry faultCode/faultString). Guarded by a timeout so a
// hung response fails the check instead of the whole test.
function call(client, method, ...args) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${method}: no answer within 20 s`)), 20000);
    client[method](...args, (err, value) => {
      clearTimeout(timer);
      if (err) reject(err); else resolve(value);
    });
  });
}

// Expects the call to fail with an XML-RPC fault; returns the error.
async function fault(client, method, ...args) {
  let value;
  try {
    value = await call(client, method, ...args);
  } catch (err) {
    if (err.faultCode === undefined) throw new Error(`${method}: expected a fault, got error ${err.message}`);
    return err;
  }
  throw new Error(`${method}: expected a fault, got ${JSON.stringify(value)}`);
}

function expectFault(err, code, text) {
  if (err.faultCode !== code || err.faultString !== text) {
    throw new Error(`expected fault ${code} '${text}', got ${err.faultCode} '${err.faultString}'`);
  }
}

function eq(label, got, want) {
  const g = JSON.stringify(got);
  const w = JSON.stringify(want);
  if (g !== w) throw new Error(`${label}: expected ${w}, got ${g}`);
}

function ok(label, cond, detail) {
  if (!cond) throw new Error(`${label}${detail !== undefined ? `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}` : ''}`);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

let failures = 0;
let checks = 0;
async function check(label, fn) {
  checks++;
  try {
    await fn();
    console.log(`ok   ${label}`);
  } catch (err) {
    failures++;
    console.log(`FAIL ${label}: ${err && err.stack ? err.stack.split('\n').slice(0, 2).join(' | ') : err}`);
  }
}

// ---- daemon ----------------------------------------------------------------------------

function writeConfig(dir, port) {
  const config = `[supervisord]
logfile=${dir}/supervisord.log
pidfile=${dir}/supervisord.pid
childlogdir=${dir}
nodaemon=true
loglevel=info
identifier=nodeclient

[unix_http_server]
file=${dir}/s.sock

[inet_http_server]
port=127.0.0.1:${port}
username=${kUser}
password=${kPassword}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:sleeper]
command=sleep 1000
startsecs=1
stopwaitsecs=5

[program:idle]
command=sleep 1000
autostart=false
startsecs=1

[program:talker]
command=/bin/sh -c 'echo hello from talker; exec sleep 1000'
startsecs=0
stdout_logfile=${dir}/talker.log
stderr_logfile=NONE

[program:cat]
command=/bin/cat
startsecs=0
stdout_logfile=${dir}/cat.log

[group:grp]
programs=a,b

[program:a]
command=sleep 1000
startsecs=0

[program:b]
command=sleep 1000
startsecs=0
`;
  const file = path.join(dir, 'supervisord.conf');
  fs.writeFileSync(file, config);
  return file;
}

const kNames = ['cat', 'grp:a', 'grp:b', 'idle', 'sleeper', 'talker'];
const fullName = (info) => (info.group === info.name ? info.name : `${info.group}:${info.name}`);

async function infoOf(client, name) {
  return call(client, 'getProcessInfo', name);
}

async function waitState(client, name, statename, timeoutMs = 10000) {
  return until(`${name} ${statename}`, async () => {
    const info = await infoOf(client, name);
    return info.statename === statename ? info : false;
  }, timeoutMs);
}

// ---- the checks, once per transport ----------------------------------------------------

async function suite(t, client, daemonPid) {
  await check(`${t}: version and identity`, async () => {
    eq('getAPIVersion', await call(client, 'getAPIVersion'), '3.0');
    eq('getVersion', await call(client, 'getVersion'), '3.0');
    eq('getSupervisorVersion', await call(client, 'getSupervisorVersion'), '4.2.5');
    eq('getIdentification', await call(client, 'getIdentification'), 'nodeclient');
    eq('getPID', await call(client, 'getPID'), daemonPid);
  });

  await check(`${t}: getState`, async () => {
    eq('getState', await call(client, 'getState'), { statecode: 1, statename: 'RUNNING' });
  });

  await check(`${t}: getAllProcessInfo (order, types, running pids)`, async () => {
    const infos = await call(client, 'getAllProcessInfo');
    ok('is an array', Array.isArray(infos), infos);
    eq('names in group/name order', infos.map(fullName), kNames);
    const keys = ['name', 'group', 'start', 'stop', 'now', 'state', 'statename', 'spawnerr',
      'exitstatus', 'logfile', 'stdout_logfile', 'stderr_logfile', 'pid', 'description'];
    for (const info of infos) {
      eq(`${fullName(info)} member names`, Object.keys(info), keys);
      for (const k of ['start', 'stop', 'now', 'state', 'exitstatus', 'pid']) {
        ok(`${fullName(info)}.${k} is a number`, typeof info[k] === 'number', info[k]);
      }
      if (fullName(info) === 'idle') continue;
      eq(`${fullName(info)} statename`, info.statename, 'RUNNING');
      eq(`${fullName(info)} state`, info.state, 20);
      ok(`${fullName(info)} pid alive`, info.pid > 0 && alive(info.pid), info.pid);
      ok(`${fullName(info)} description`, info.description.startsWith(`pid ${info.pid}, uptime `), info.description);
    }
    const talker = infos.find((i) => i.name === 'talker');
    eq('talker stdout_logfile', talker.stdout_logfile, path.join(path.dirname(daemonConfig), 'talker.log'));
    eq('talker logfile alias', talker.logfile, talker.stdout_logfile);
  });

  await check(`${t}: getProcessInfo agrees with getAllProcessInfo`, async () => {
    const all = await call(client, 'getAllProcessInfo');
    const one = await infoOf(client, 'grp:b');
    const fromAll = all.find((i) => fullName(i) === 'grp:b');
    eq('grp:b name/group/pid', [one.name, one.group, one.pid], [fromAll.name, fromAll.group, fromAll.pid]);
  });

  await check(`${t}: stopProcess then STOPPED, pid gone; second stop NOT_RUNNING`, async () => {
    const before = await waitState(client, 'sleeper', 'RUNNING');
    eq('stopProcess', await call(client, 'stopProcess', 'sleeper'), true);
    const after = await infoOf(client, 'sleeper');
    eq('state after stop', [after.state, after.statename, after.pid], [0, 'STOPPED', 0]);
    ok('old pid is gone', !alive(before.pid), before.pid);
    ok('stop time set', after.stop >= before.start, [after.stop, before.start]);
    expectFault(await fault(client, 'stopProcess', 'sleeper'), 70, 'NOT_RUNNING: sleeper');
  });

  await check(`${t}: startProcess (wait) then RUNNING with a live pid; second start ALREADY_STARTED`, async () => {
    eq('startProcess', await call(client, 'startProcess', 'sleeper'), true);
    const info = await infoOf(client, 'sleeper');
    eq('state after start', [info.state, info.statename], [20, 'RUNNING']);
    ok('new pid alive', info.pid > 0 && alive(info.pid), info.pid);
    expectFault(await fault(client, 'startProcess', 'sleeper'), 60, 'ALREADY_STARTED: sleeper');
  });

  await check(`${t}: startProcess/stopProcess with wait=false`, async () => {
    eq('startProcess(idle, false)', await call(client, 'startProcess', 'idle', false), true);
    const running = await waitState(client, 'idle', 'RUNNING');
    ok('idle pid alive', alive(running.pid), running.pid);
    eq('stopProcess(idle, false)', await call(client, 'stopProcess', 'idle', false), true);
    await waitState(client, 'idle', 'STOPPED');
    await until('idle pid gone', async () => !alive(running.pid));
  });

  await check(`${t}: a deferred startProcess does not block other requests`, async () => {
    eq('stopProcess', await call(client, 'stopProcess', 'sleeper'), true);
    let settled = false;
    const pending = call(client, 'startProcess', 'sleeper', true).finally(() => { settled = true; });
    // startsecs=1: the answer is withheld about a second; meanwhile other calls are served.
    const seen = await until('sleeper STARTING while startProcess pending', async () => {
      const info = await infoOf(client, 'sleeper');
      return info.statename === 'STARTING' ? info : false;
    }, 5000, 20);
    ok('answered while startProcess was pending', !settled);
    ok('STARTING has a pid', seen.pid > 0, seen.pid);
    eq('startProcess result', await pending, true);
    eq('state', (await infoOf(client, 'sleeper')).statename, 'RUNNING');
  });

  await check(`${t}: group operations return result structs`, async () => {
    const stopped = await call(client, 'stopProcessGroup', 'grp');
    const sorted = (arr) => [...arr].sort((x, y) => (x.name < y.name ? -1 : 1));
    eq('stopProcessGroup', sorted(stopped), [
      { name: 'a', group: 'grp', status: 80, description: 'OK' },
      { name: 'b', group: 'grp', status: 80, description: 'OK' }]);
    for (const n of ['grp:a', 'grp:b']) eq(`${n} state`, (await infoOf(client, n)).statename, 'STOPPED');
    const started = await call(client, 'startProcess', 'grp:*');
    ok('startProcess(grp:*) returns an array', Array.isArray(started), started);
    eq('startProcess(grp:*)', sorted(started), [
      { name: 'a', group: 'grp', status: 80, description: 'OK' },
      { name: 'b', group: 'grp', status: 80, description: 'OK' }]);
    for (const n of ['grp:a', 'grp:b']) {
      const info = await infoOf(client, n);
      ok(`${n} RUNNING with live pid`, info.statename === 'RUNNING' && alive(info.pid), info);
    }
    eq('startProcessGroup with all running', await call(client, 'startProcessGroup', 'grp'), []);
  });

  await check(`${t}: signalProcess`, async () => {
    const before = await infoOf(client, 'sleeper');
    eq('signalProcess CONT', await call(client, 'signalProcess', 'sleeper', 'CONT'), true);
    eq('pid unchanged', (await infoOf(client, 'sleeper')).pid, before.pid);
    expectFault(await fault(client, 'signalProcess', 'sleeper', 'NOPE'), 11, 'BAD_SIGNAL: NOPE');
    expectFault(await fault(client, 'signalProcess', 'idle', 'CONT'), 70, 'NOT_RUNNING: idle');
  });

  await check(`${t}: faults`, async () => {
    expectFault(await fault(client, 'getProcessInfo', 'nope'), 10, 'BAD_NAME: nope');
    expectFault(await fault(client, 'startProcess', 'grp:zz'), 10, 'BAD_NAME: grp:zz');
    expectFault(await fault(client, 'getProcessInfo'), 2, 'INCORRECT_PARAMETERS');
    expectFault(await fault(client, 'readLog', 0, -1), 3, 'BAD_ARGUMENTS');
    // A method the library does not wrap, through its generic _call.
    const err = await new Promise((resolve) => client._call('supervisor.nope', [], (e) => resolve(e)));
    ok('unknown method faults', err && err.faultCode !== undefined, err && err.message);
    expectFault(err, 1, 'UNKNOWN_METHOD');
  });

  await check(`${t}: process logs (read, tail, clear)`, async () => {
    // A fresh start writes the greeting again (an earlier run of this check cleared the log).
    const greetings = (text) => text.split('hello from talker\n').length - 1;
    const before = greetings(await call(client, 'readProcessStdoutLog', 'talker', 0, 0));
    eq('stopProcess(talker)', await call(client, 'stopProcess', 'talker'), true);
    eq('startProcess(talker)', await call(client, 'startProcess', 'talker'), true);
    const log = await until('talker output in its log', async () => {
      const text = await call(client, 'readProcessStdoutLog', 'talker', 0, 0);
      return greetings(text) === before + 1 ? text : false;
    });
    eq('readProcessLog alias', await call(client, 'readProcessLog', 'talker', 0, 0), log);
    const size = Buffer.byteLength(log);
    eq('tailProcessStdoutLog(0, 1000)', await call(client, 'tailProcessStdoutLog', 'talker', 0, 1000), [log, size, false]);
    eq('tailProcessStdoutLog(0, 5)', await call(client, 'tailProcessStdoutLog', 'talker', 0, 5), [log.slice(-5), size, true]);
    eq('readProcessStdoutLog(0, 5)', await call(client, 'readProcessStdoutLog', 'talker', 0, 5), log.slice(0, 5));
    eq('readProcessStdoutLog(-5, 0)', await call(client, 'readProcessStdoutLog', 'talker', -5, 0), log.slice(-5));
    eq('clearProcessLogs', await call(client, 'clearProcessLogs', 'talker'), true);
    eq('log empty after clear', await call(client, 'readProcessStdoutLog', 'talker', 0, 0), '');
    expectFault(await fault(client, 'readProcessStderrLog', 'talker', 0, 0), 20, 'NO_FILE');
  });

  await check(`${t}: sendProcessStdin reaches the child`, async () => {
    const marker = `ping-${t}-${process.pid}`;
    eq('sendProcessStdin', await call(client, 'sendProcessStdin', 'cat', `${marker}\n`), true);
    await until('cat echoed stdin to its log', async () =>
      (await call(client, 'readProcessStdoutLog', 'cat', 0, 0)).includes(marker));
  });

  await check(`${t}: main log`, async () => {
    const text = await call(client, 'readLog', 0, 0);
    ok('readLog is a non-empty string', typeof text === 'string' && text.length > 0, text);
    eq('readMainLog alias', await call(client, 'readMainLog', 0, 0), await call(client, 'readLog', 0, 0));
  });

  await check(`${t}: getAllConfigInfo`, async () => {
    const infos = await call(client, 'getAllConfigInfo');
    eq('names sorted by process name', infos.map((i) => i.name), ['a', 'b', 'cat', 'idle', 'sleeper', 'talker']);
    const sleeper = infos.find((i) => i.name === 'sleeper');
    eq('sleeper', [sleeper.command, sleeper.group, sleeper.inuse, sleeper.autostart, sleeper.startsecs],
      ['sleep 1000', 'sleeper', true, true, 1]);
    eq('idle autostart', infos.find((i) => i.name === 'idle').autostart, false);
  });

  await check(`${t}: system.listMethods / methodSignature / methodHelp / multicall`, async () => {
    const methods = await call(client, 'listMethods');
    eq('listMethods', methods, kAllMethods);
    for (const m of kLibraryMethods) {
      ok(`library method ${m} exists on the server`, methods.some((n) => n.endsWith(`.${m}`)));
    }
    eq('methodSignature(getState)', await call(client, 'methodSignature', 'supervisor.getState'), ['struct']);
    eq('methodSignature(startProcess)', await call(client, 'methodSignature', 'supervisor.startProcess'), ['boolean', 'string', 'boolean']);
    const help = await call(client, 'methodHelp', 'supervisor.getState');
    ok('methodHelp is text', typeof help === 'string' && help.length > 0, help);
    expectFault(await fault(client, 'methodSignature', 'supervisor.nope'), 4, 'SIGNATURE_UNSUPPORTED');
    const results = await call(client, 'multicall', [
      { methodName: 'supervisor.getPID', params: [] },
      { methodName: 'supervisor.nope', params: [] },
      { methodName: 'supervisor.getProcessInfo', params: ['nope'] }]);
    eq('multicall', results, [daemonPid, { faultCode: 1, faultString: 'UNKNOWN_METHOD' },
      { faultCode: 10, faultString: 'BAD_NAME: nope' }]);
  });

  await check(`${t}: 20 concurrent requests`, async () => {
    const all = await Promise.all(Array.from({ length: 20 }, () => call(client, 'getState')));
    for (const s of all) eq('getState', s, { statecode: 1, statename: 'RUNNING' });
  });
}

// ---- main ------------------------------------------------------------------------------

let daemonConfig;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sup-nodeclient-'));
  const port = await freePort();
  daemonConfig = writeConfig(dir, port);
  const sock = path.join(dir, 's.sock');
  const daemon = startDaemon(kDaemon, daemonConfig, path.join(dir, 'daemon.out'));

  const inet = supervisord.connect(`http://${kUser}:${kPassword}@127.0.0.1:${port}`);
  const unix = supervisord.connect(`unix://${sock}`);
  let result = 1;
  try {
    await until('daemon answering on both sockets', async () => {
      if (daemon.exited) throw new Error('daemon exited');
      await call(inet, 'getState');
      await call(unix, 'getState');
      return true;
    }, 15000);
    await until('autostart programs RUNNING', async () => {
      const infos = await call(unix, 'getAllProcessInfo');
      return infos.filter((i) => i.name !== 'idle').every((i) => i.statename === 'RUNNING');
    }, 15000);

    await check('inet: wrong password is refused (no result)', async () => {
      const bad = supervisord.connect(`http://${kUser}:wrong@127.0.0.1:${port}`);
      let value;
      try {
        value = await call(bad, 'getState');
      } catch (err) {
        ok('not an XML-RPC fault', err.faultCode === undefined, err.faultCode);
        ok('HTTP 401', err.res && err.res.statusCode === 401, err.res && err.res.statusCode);
        return;
      }
      throw new Error(`got a result: ${JSON.stringify(value)}`);
    });

    await suite('inet', inet, daemon.pid);
    await suite('unix', unix, daemon.pid);

    await check('unix: shutdown() stops the daemon and its children, removes the socket', async () => {
      const pids = (await call(unix, 'getAllProcessInfo')).map((i) => i.pid).filter((p) => p > 0);
      eq('shutdown', await call(unix, 'shutdown'), true);
      await until('daemon exit after shutdown', async () => daemon.exited, 20000);
      ok('exit code 0', daemon.child.exitCode === 0, daemon.child.exitCode);
      for (const pid of pids) ok(`child ${pid} gone`, !alive(pid), pid);
      ok('socket file removed', !fs.existsSync(sock));
    });
    result = failures ? 1 : 0;
  } catch (err) {
    console.log(`FAIL setup: ${err.stack}`);
  } finally {
    await daemon.stop();
    if (result !== 0) {
      try {
        console.log(`--- daemon output (${dir}/daemon.out):\n${fs.readFileSync(path.join(dir, 'daemon.out'), 'utf8').slice(-4000)}`);
      } catch (e) { /* none */ }
    } else {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`${checks - failures}/${checks} checks passed`);
  process.exit(result);
}

main();
