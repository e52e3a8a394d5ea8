// Supervisor status page, live: polls getAllProcessInfo (GET status.json, once a second) and
// updates the table in place, runs actions with fetch (same POST + CSRF token as the
// plain form), filters rows, and follows a process log (/logtail) in the page.
// Without this script the page still works: buttons post the form, links open tail pages.
// Every server-provided string reaches the DOM through textContent or attributes, never as HTML.
'use strict';

(() => {
  const kPollMs = 1000;
  const kRetryMs = 3000;
  const kTailKeepChars = 256 * 1024;  // the log view keeps this much text
  const kStates = ['running', 'starting', 'backoff', 'stopping', 'stopped', 'exited', 'fatal', 'unknown'];

  const byId = (id) => document.getElementById(id);
  const form = byId('actions');
  const table = byId('processes');
  if (!form || !table) return;  // not the status page

  const messageBox = byId('message');
  const summary = byId('summary');
  const live = byId('live');
  const empty = byId('empty');
  const filterForm = byId('filter');
  const filterText = byId('filter-text');
  const filterState = byId('filter-state');
  const filterApply = byId('filter-apply');

  // ---- data ----------------------------------------------------------------------------

  // getAllProcessInfo as JSON, through the web UI's own endpoint (works whether or not
  // [rpcinterface:supervisor] exposes /RPC2).
  async function fetchProcesses() {
    const response = await fetch('status.json', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    const reply = await response.json();
    if (!response.ok) throw new Error(reply.error || `HTTP ${response.status}`);
    return reply;
  }

  // Figures (CPU, memory, descriptors, restarts) from stats.json, only while the switch is on.
  let figuresOn = false;
  try { figuresOn = localStorage.getItem('supervisor.figures') === '1'; } catch (e) { /* private mode */ }
  async function fetchFigures() {
    const response = await fetch('stats.json', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    const reply = await response.json();
    if (!response.ok) throw new Error(reply.error || `HTTP ${response.status}`);
    const byNs = new Map();
    for (const f of reply) byNs.set(f.group === f.name ? f.name : `${f.group}:${f.name}`, f);
    return byNs;
  }
  function bytesText(n) {
    const units = ['B', 'K', 'M', 'G', 'T'];
    let u = 0;
    while (n >= 1024 && u < units.length - 1) { n /= 1024; u += 1; }
    return u === 0 ? `${n | 0}B` : `${n.toFixed(1)}${units[u]}`;
  }
  function figuresText(f) {
    if (!f) return '';
    const restarts = `${f.restarts} restart${f.restarts === 1 ? '' : 's'}`;
    if (!f.sampled) return restarts;
    return `CPU ${f.cpu_percent.toFixed(1)}% (${f.cpu_seconds.toFixed(1)} s) \u00b7 RSS ${bytesText(f.rss_bytes)} \u00b7 ` +
      `${f.open_fds} fds \u00b7 ${f.threads} thr \u00b7 ${restarts}`;
  }

  // ---- rendering -------------------------------------------------------------------------

  function el(tag, attrs = {}, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const quote = (s) => encodeURIComponent(s);
  const namespec = (p) => (p.group === p.name ? p.name : `${p.group}:${p.name}`);
  const stateText = (p) => String(p.statename || '').toLowerCase();
  function stateClass(p) {
    if (p.statename === 'RUNNING') return 'running';
    if (['FATAL', 'BACKOFF', 'UNKNOWN'].includes(p.statename)) return 'error';
    return 'nominal';
  }

  function duration(seconds) {
    seconds = Math.max(0, seconds | 0);
    const days = Math.floor(seconds / 86400);
    seconds %= 86400;
    const hms = `${Math.floor(seconds / 3600)}:${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}:` +
      String(seconds % 60).padStart(2, '0');
    return days > 0 ? `${days}d ${hms}` : hms;
  }
  const uptime = (p) => (p.statename === 'RUNNING' && p.start > 0 && p.now >= p.start ? duration(p.now - p.start) : '');

  const kLabels = {
    start: 'Start', stop: 'Stop', restart: 'Restart', clearlog: 'Clear Log',
    startgroup: 'Start Group', stopgroup: 'Stop Group', restartgroup: 'Restart Group',
  };

  function actionButton(action, target, cssClass = '') {
    const field = action.endsWith('group') ? 'group' : 'processname';
    return el('button', {
      type: 'submit', form: 'actions', class: `btn ${cssClass}`.trim(), 'data-action': action, 'data-target': target,
      title: `${kLabels[action]} ${target}`,
      formaction: `index.html?action=${action}&${field}=${quote(target)}`,
    }, kLabels[action]);
  }

  function actionCell(p) {
    const ns = namespec(p);
    const box = el('div', { class: 'acts' });
    const s = p.statename;
    if (s === 'RUNNING') box.append(actionButton('restart', ns), actionButton('stop', ns, 'warn'));
    else if (['STOPPED', 'EXITED', 'FATAL'].includes(s)) box.append(actionButton('start', ns, 'go'));
    else if (['STARTING', 'BACKOFF'].includes(s)) box.append(actionButton('stop', ns, 'warn'));
    box.append(actionButton('clearlog', ns));
    box.append(el('a', { class: 'btn tail-link', href: `tail.html?processname=${quote(ns)}`, 'data-ns': ns, 'data-channel': 'stdout' }, 'Tail'));
    box.append(el('a', { class: 'btn raw-link', href: `logtail/${quote(ns)}`, target: '_blank', rel: 'noopener' }, 'stdout'));
    box.append(el('a', { class: 'btn raw-link', href: `logtail/${quote(ns)}/stderr`, target: '_blank', rel: 'noopener' }, 'stderr'));
    return box;
  }

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  // Creates or updates the row of one process; actions are rebuilt only when the state changes.
  function updateRow(tr, p, inGroup, figures) {
    const ns = namespec(p);
    if (!tr) {
      tr = el('tr', { class: 'proc', 'data-ns': ns });
      const state = el('td', { class: 'state', 'data-label': 'State' });
      state.append(el('span', { class: 'badge' }));
      const name = el('td', { class: 'name', 'data-label': 'Name' });
      name.append(el('a', { class: 'tail-link', href: `tail.html?processname=${quote(ns)}`, 'data-ns': ns, 'data-channel': 'stdout' }));
      tr.append(state, name, el('td', { class: 'desc', 'data-label': 'Description' }),
        el('td', { class: 'pid', 'data-label': 'PID' }), el('td', { class: 'uptime', 'data-label': 'Uptime' }),
        el('td', { class: 'actions' }));
    }
    const [state, name, desc, pid, up, actions] = tr.children;
    const badge = state.firstElementChild;
    setText(badge, stateText(p));
    badge.className = `badge state-${stateClass(p)}`;
    // Programs with a health check carry a "health" member (see status_page.cpp).
    let health = state.querySelector('.health');
    if (p.health) {
      if (!health) {
        health = el('span', { title: 'health check' });
        state.append(health);
      }
      setText(health, p.health);
      health.className = `health health-${p.health}`;
    } else {
      health?.remove();
    }
    setText(name.firstElementChild, inGroup ? p.name : ns);
    if (!desc.firstElementChild) desc.replaceChildren(el('span', { class: 'desc-text' }), el('span', { class: 'figures' }));
    setText(desc.firstElementChild, p.description || '');
    const figureText = figures ? figuresText(figures.get(ns)) : '';
    setText(desc.lastElementChild, figureText);
    desc.lastElementChild.hidden = !figureText;
    setText(pid, p.pid > 0 ? String(p.pid) : '');
    setText(up, uptime(p));
    if (tr.dataset.state !== stateText(p) || !actions.firstElementChild) {
      // Keep focus on the replaced button's slot for keyboard users.
      const hadFocus = actions.contains(document.activeElement);
      actions.replaceChildren(actionCell(p));
      if (hadFocus) actions.querySelector('button, a')?.focus();
    }
    tr.dataset.state = stateText(p);
    return tr;
  }

  function updateGroupHead(tbody, group, rows) {
    let head = tbody.querySelector('tr.group-head');
    const grouped = rows.length > 1 || (rows.length === 1 && rows[0].name !== group);
    tbody.classList.toggle('grouped', grouped);
    if (!grouped) {
      head?.remove();
      return grouped;
    }
    if (!head) {
      head = el('tr', { class: 'group-head' });
      const th = el('th', { colspan: '6' });
      const actions = el('span', { class: 'group-actions' });
      actions.append(actionButton('startgroup', group, 'go'), actionButton('stopgroup', group, 'warn'),
        actionButton('restartgroup', group));
      th.append(el('span', { class: 'group-name' }, group), ' ', el('span', { class: 'group-count' }), actions);
      head.append(th);
      tbody.prepend(head);
    }
    const running = rows.filter((p) => p.statename === 'RUNNING').length;
    setText(head.querySelector('.group-count'), `${running}/${rows.length} running`);
    return grouped;
  }

  function render(processes, figures) {
    const sorted = processes.slice().sort((a, b) =>
      a.group < b.group ? -1 : a.group > b.group ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const groups = new Map();
    for (const p of sorted) {
      if (!groups.has(p.group)) groups.set(p.group, []);
      groups.get(p.group).push(p);
    }
    const oldBodies = new Map();
    for (const tbody of table.tBodies) oldBodies.set(tbody.dataset.group, tbody);
    let position = 0;
    for (const [group, rows] of groups) {
      let tbody = oldBodies.get(group);
      oldBodies.delete(group);
      if (!tbody) tbody = el('tbody', { class: 'group', 'data-group': group });
      const grouped = updateGroupHead(tbody, group, rows);
      const oldRows = new Map();
      for (const tr of tbody.querySelectorAll('tr.proc')) oldRows.set(tr.dataset.ns, tr);
      let index = grouped ? 1 : 0;
      for (const p of rows) {
        const tr = updateRow(oldRows.get(namespec(p)), p, grouped, figures);
        oldRows.delete(namespec(p));
        if (tbody.children[index] !== tr) tbody.insertBefore(tr, tbody.children[index] || null);
        index += 1;
      }
      for (const stale of oldRows.values()) stale.remove();
      if (table.tBodies[position] !== tbody) table.insertBefore(tbody, table.tBodies[position] || null);
      position += 1;
    }
    for (const stale of oldBodies.values()) stale.remove();

    const counts = {};
    for (const p of processes) counts[stateText(p)] = (counts[stateText(p)] || 0) + 1;
    const parts = kStates.filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
    setText(summary, parts.length ? parts.join(', ') : 'no processes');
    applyFilter(processes.length);
  }

  // ---- filter ----------------------------------------------------------------------------

  let processCount = table.querySelectorAll('tr.proc').length;

  function applyFilter(count = processCount) {
    processCount = count;
    const text = filterText.value.trim().toLowerCase();
    const state = filterState.value;
    let shown = 0;
    for (const tbody of table.tBodies) {
      let visibleInGroup = 0;
      for (const tr of tbody.querySelectorAll('tr.proc')) {
        const ok = (!text || tr.dataset.ns.toLowerCase().includes(text)) && (!state || tr.dataset.state === state);
        tr.hidden = !ok;
        if (ok) visibleInGroup += 1;
      }
      tbody.hidden = visibleInGroup === 0;
      shown += visibleInGroup;
    }
    if (count === 0) setText(empty, 'No programs to manage');
    else if (shown === 0) setText(empty, 'No process matches the filter.');
    empty.hidden = count > 0 && shown > 0;
    table.hidden = count === 0;
  }

  function rememberFilter() {
    const url = new URL(window.location.href);
    url.searchParams.delete('message');
    for (const [key, input] of [['filter', filterText], ['state', filterState]]) {
      if (input.value) url.searchParams.set(key, input.value);
      else url.searchParams.delete(key);
    }
    history.replaceState(null, '', url);
  }

  filterApply.hidden = true;  // filtering is live now
  {
    const label = el('label', { class: 'figures-switch' });
    const box = el('input', { type: 'checkbox', id: 'figures-on' });
    box.checked = figuresOn;
    label.append(box, ' Figures');
    filterForm.append(label);
    box.addEventListener('change', () => {
      figuresOn = box.checked;
      try { localStorage.setItem('supervisor.figures', figuresOn ? '1' : '0'); } catch (e) { /* private mode */ }
      poll();
    });
  }
  filterForm.addEventListener('submit', (ev) => { ev.preventDefault(); applyFilter(); rememberFilter(); });
  filterText.addEventListener('input', () => { applyFilter(); rememberFilter(); });
  filterState.addEventListener('change', () => { applyFilter(); rememberFilter(); });

  // ---- polling ---------------------------------------------------------------------------

  let pollTimer = null;
  let polling = false;

  function setLive(ok, text) {
    live.hidden = false;
    live.classList.toggle('off', !ok);
    setText(live, text);
  }

  async function poll() {
    clearTimeout(pollTimer);
    if (polling) return;
    polling = true;
    let delay = kPollMs;
    const started = performance.now();
    try {
      const [processes, figures] = await Promise.all([fetchProcesses(), figuresOn ? fetchFigures() : null]);
      render(processes, figures);
      // A daemon with many processes is polled less often than one with a few.
      delay = Math.max(kPollMs, 4 * (performance.now() - started));
      setLive(true, '\u25cf live');
    } catch (err) {
      setLive(false, `\u25cb not updating (${err.message})`);
      delay = kRetryMs;
    } finally {
      polling = false;
    }
    if (!document.hidden) pollTimer = setTimeout(poll, delay);
  }

  document.addEventListener('visibilitychange', () => { if (!document.hidden) poll(); });

  // ---- actions ---------------------------------------------------------------------------

  function showMessage(text, isError = false) {
    messageBox.hidden = !text;
    messageBox.classList.toggle('error', isError);
    setText(messageBox, text);
  }

  form.addEventListener('submit', async (ev) => {
    const button = ev.submitter;
    const target = button && button.getAttribute('formaction');
    if (!target) return;  // let the browser post it
    ev.preventDefault();
    button.disabled = true;
    const label = button.textContent + (button.dataset.target ? ` ${button.dataset.target}` : '');
    showMessage(`${label}\u2026`);
    try {
      const response = await fetch(target, {
        method: 'POST', headers: { Accept: 'application/json' }, body: new URLSearchParams(new FormData(form)),
      });
      const reply = await response.json();
      showMessage(reply.message ?? `Refused: ${reply.error}`, !response.ok || /^ERROR|unexpected rpc fault|No such/.test(reply.message || ''));
    } catch (err) {
      showMessage(`${label} failed: ${err.message}`, true);
    } finally {
      button.disabled = false;
      poll();
    }
  });

  // ---- log view --------------------------------------------------------------------------

  const tail = byId('tail');
  const tailTitle = byId('tail-title');
  const tailText = byId('tail-text');
  const tailFollow = byId('tail-follow');
  let tailAbort = null;
  let tailTarget = null;

  function appendLog(text) {
    tailText.append(document.createTextNode(text));
    if (tailText.textContent.length > kTailKeepChars * 1.5) {
      tailText.textContent = tailText.textContent.slice(-kTailKeepChars);
    }
    if (tailFollow.checked) tailText.scrollTop = tailText.scrollHeight;
  }

  function closeTail() {
    if (tailAbort) tailAbort.abort();
    tailAbort = null;
    tailTarget = null;
    tail.hidden = true;
  }

  async function openTail(ns, channel) {
    if (tailAbort) tailAbort.abort();
    const controller = new AbortController();
    tailAbort = controller;
    tailTarget = ns;
    tail.hidden = false;
    tail.dataset.ns = ns;
    tail.dataset.channel = channel;
    setText(tailTitle, `${ns} \u2014 ${channel}`);
    for (const b of tail.querySelectorAll('.tabs .btn')) b.classList.toggle('active', b.dataset.channel === channel);
    tailText.textContent = '';
    tail.scrollIntoView({ block: 'nearest' });
    const url = `logtail/${quote(ns)}${channel === 'stderr' ? '/stderr' : ''}`;
    try {
      const response = await fetch(url, { signal: controller.signal });
      if (!response.ok) {
        appendLog(`(no ${channel} log for ${ns}: HTTP ${response.status})`);
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        appendLog(value);
      }
      if (tailAbort === controller) appendLog('\n[log stream ended]\n');
    } catch (err) {
      if (!controller.signal.aborted) appendLog(`\n[log stream failed: ${err.message}]\n`);
    }
  }

  document.addEventListener('click', (ev) => {
    const link = ev.target.closest && ev.target.closest('a.tail-link');
    if (!link || ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    ev.preventDefault();
    openTail(link.dataset.ns, link.dataset.channel || 'stdout');
  });
  for (const b of tail.querySelectorAll('.tabs .btn')) {
    b.addEventListener('click', () => { if (tailTarget) openTail(tailTarget, b.dataset.channel); });
  }
  byId('tail-close').addEventListener('click', closeTail);

  applyFilter();
  poll();
})();
