// The Milana dev server inspector: a small hash-routed page over the JSON API. Recorded data is
// untrusted, so everything is put into the page with textContent, never as HTML.
(function () {
  'use strict';

  const app = document.getElementById('app');
  const liveBadge = document.getElementById('live');
  let player = null;
  let current = { render: null, sessionId: null, eventCount: 0 };

  /** Creates an element: h('td', { class: 'x', onclick: fn }, 'text', child). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  async function api(path) {
    const res = await fetch(path, { cache: 'no-store' });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    return res.json();
  }

  const time = (ms) => (ms ? new Date(ms).toLocaleString() : '—');
  const clock = (ms) => {
    const s = Math.max(0, Math.round(ms / 1000));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  };
  const duration = (ms) =>
    ms < 1000 ? `${ms} ms` : ms < 3600000 ? clock(ms) : `${(ms / 3600000).toFixed(1)} h`;
  const badge = (text, kind) => h('span', { class: `badge ${kind || ''}` }, text);
  const json = (value) => h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
  const userLabel = (s) => (s.user && (s.user.name || s.user.email)) || s.userId || 'anonymous';
  const status = (s) =>
    s.closed ? badge(`closed · ${s.closeReason}`, 'muted') : badge('open', 'ok');

  function setView(title, ...children) {
    app.replaceChildren(h('h1', {}, title), ...children.flat().filter(Boolean));
  }

  function dl(pairs) {
    return h(
      'dl',
      { class: 'facts' },
      pairs
        .filter((p) => p[1] !== null && p[1] !== undefined && p[1] !== '')
        .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
    );
  }

  function sessionsTable(sessions) {
    if (sessions.length === 0) return h('p', { class: 'empty' }, 'No sessions here yet.');
    const rows = sessions.map((s) =>
      h(
        'tr',
        {
          class: 'link',
          'data-session-id': s.id,
          onclick: () => (location.hash = `#/sessions/${encodeURIComponent(s.id)}`),
        },
        h('td', { class: 'mono' }, s.id),
        h('td', {}, userLabel(s)),
        h('td', {}, s.environment),
        h('td', {}, s.version),
        h('td', {}, time(s.startedAt)),
        h('td', { class: 'num' }, duration(s.durationMs)),
        h('td', {}, s.sampled ? badge('sampled', 'ok') : badge('not sampled', 'warn')),
        h('td', { class: 'num' }, s.eventCount),
        h('td', {}, status(s)),
      ),
    );
    const head = [
      'Session',
      'User',
      'Environment',
      'Version',
      'Started',
      'Duration',
      'Sampling',
      'Events',
      'Status',
    ];
    return h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          head.map((t) => h('th', {}, t)),
        ),
      ),
      h('tbody', {}, rows),
    );
  }

  async function renderSessions() {
    const { sessions } = await api('/api/sessions');
    const hint =
      sessions.length === 0
        ? h(
            'div',
            { class: 'card hint' },
            h('p', {}, 'Point the SDK at this server and sessions show up here as they record:'),
            h(
              'pre',
              { class: 'json' },
              `init(productId, clientKey, sessionInfo, { endpoint: '${location.origin}' })`,
            ),
          )
        : null;
    setView('Sessions', hint, h('div', { class: 'card flush' }, sessionsTable(sessions)));
  }

  function describe(entry) {
    const d = entry.data || {};
    if (entry.kind === 'track')
      return Object.keys(d.attributes || {}).length ? JSON.stringify(d.attributes) : '';
    if (entry.kind === 'url' || entry.kind === 'query')
      return (d.attributes && d.attributes.url) || '';
    if (entry.kind === 'plugin' || entry.kind === 'custom') return JSON.stringify(d);
    return '';
  }

  function timelineList(timeline, startAt) {
    if (timeline.length === 0) return h('p', { class: 'empty' }, 'No custom events yet.');
    return h(
      'ol',
      { class: 'timeline' },
      timeline.map((entry) =>
        h(
          'li',
          {
            onclick: () => player && player.goto(Math.max(0, entry.timestamp - startAt)),
            title: 'Jump the replay here',
          },
          h('span', { class: 'at mono' }, clock(entry.timestamp - startAt)),
          badge(entry.kind, `kind-${entry.kind}`),
          h('span', { class: 'name' }, entry.name),
          h('span', { class: 'detail' }, describe(entry)),
        ),
      ),
    );
  }

  function mountReplay(target, events) {
    if (player && player.$destroy) player.$destroy();
    player = null;
    target.replaceChildren();
    if (typeof window.MilanaReplayPlayer !== 'function') {
      target.append(
        h(
          'p',
          { class: 'empty' },
          'The replay bundle is missing; build the package to get dist/inspector/replay.js.',
        ),
      );
      return;
    }
    if (events.length < 2 || !events.some((e) => e.type === 2)) {
      target.append(
        h('p', { class: 'empty' }, 'Nothing to replay yet: waiting for a full snapshot.'),
      );
      return;
    }
    const width = Math.max(320, Math.min(target.clientWidth || 960, 1200));
    player = new window.MilanaReplayPlayer({
      target,
      props: {
        events,
        width,
        height: Math.round(width * 0.56),
        autoPlay: false,
        showController: true,
      },
    });
  }

  async function renderSession(id) {
    const [s, { timeline }, { events }] = await Promise.all([
      api(`/api/sessions/${encodeURIComponent(id)}`),
      api(`/api/sessions/${encodeURIComponent(id)}/timeline`),
      api(`/api/sessions/${encodeURIComponent(id)}/events`),
    ]);
    const startAt = events.length ? events[0].timestamp : s.firstEventAt || 0;
    const user = s.user
      ? h(
          'div',
          { class: 'card' },
          h('h2', {}, 'User'),
          dl([
            [
              'User id',
              h('a', { href: `#/users/${encodeURIComponent(s.user.userId)}` }, s.user.userId),
            ],
            ['Name', s.user.name],
            ['Email', s.user.email],
          ]),
          h('h3', {}, 'Metadata (merged across sessions)'),
          json(s.user.metadata),
        )
      : h(
          'div',
          { class: 'card' },
          h('h2', {}, 'User'),
          h('p', { class: 'empty' }, 'No user attached (identify was not called).'),
        );
    const context = h(
      'div',
      { class: 'card' },
      h('h2', {}, 'Session'),
      dl([
        ['Environment', s.environment],
        ['Version', s.version],
        ['App session id', s.appSessionId],
        ['Started', time(s.startedAt)],
        ['Caller', s.client.callerType],
        [
          'Client',
          s.client.clientVersion && `${s.client.clientVersion} (${s.client.clientGitHash})`,
        ],
        ['Locale', s.client.locale && `${s.client.locale} · ${s.client.timeZone}`],
        ['Referrer', s.client.referrer],
        [
          'Requests',
          Object.entries(s.requestCounts)
            .map(([k, v]) => `${k} ${v}`)
            .join(' · '),
        ],
      ]),
      h('h3', {}, 'Metadata'),
      json(s.metadata),
      Object.keys(s.integrations).length
        ? [h('h3', {}, 'Integrations'), json(s.integrations)]
        : null,
    );
    const replayTarget = h('div', { class: 'replay', id: 'replay' });
    const liveNote = h('span', { id: 'live-note', class: 'note' });
    setView(
      `Session ${s.id}`,
      h(
        'p',
        { class: 'sub' },
        s.sampled ? badge('sampled', 'ok') : badge('not sampled', 'warn'),
        ' ',
        status(s),
        ` · ${s.eventCount} events · ${duration(s.durationMs)}`,
      ),
      h('div', { class: 'grid' }, user, context),
      h('div', { class: 'card' }, h('h2', {}, 'Replay ', liveNote), replayTarget),
      h(
        'div',
        { class: 'card' },
        h('h2', {}, 'Timeline'),
        h('div', { id: 'timeline' }, timelineList(timeline, startAt)),
      ),
    );
    mountReplay(replayTarget, events);
    current = { render: current.render, sessionId: s.id, eventCount: events.length, startAt };
  }

  /** Live refresh of an open session: the timeline updates, the replay is rebuilt on demand. */
  async function refreshSession() {
    const [{ timeline }, { events }] = await Promise.all([
      api(`/api/sessions/${encodeURIComponent(current.sessionId)}/timeline`),
      api(`/api/sessions/${encodeURIComponent(current.sessionId)}/events`),
    ]);
    const box = document.getElementById('timeline');
    if (box)
      box.replaceChildren(
        timelineList(timeline, current.startAt || (events[0] && events[0].timestamp) || 0),
      );
    const note = document.getElementById('live-note');
    const fresh = events.length - current.eventCount;
    if (note && fresh > 0) {
      note.replaceChildren(
        h(
          'button',
          {
            onclick: () => {
              mountReplay(document.getElementById('replay'), events);
              current.eventCount = events.length;
              note.replaceChildren();
            },
          },
          `${fresh} new events · reload replay`,
        ),
      );
    }
  }

  async function renderUsers() {
    const { users } = await api('/api/users');
    const rows = users.map((u) =>
      h(
        'tr',
        {
          class: 'link',
          onclick: () => (location.hash = `#/users/${encodeURIComponent(u.userId)}`),
        },
        h('td', { class: 'mono' }, u.userId),
        h('td', {}, u.name || '—'),
        h('td', {}, u.email || '—'),
        h('td', {}, Object.keys(u.metadata).join(', ') || '—'),
        h('td', { class: 'num' }, u.sessionCount),
        h('td', {}, time(u.lastSeenAt)),
      ),
    );
    const table = users.length
      ? h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['User id', 'Name', 'Email', 'Metadata keys', 'Sessions', 'Last seen'].map((t) =>
                h('th', {}, t),
              ),
            ),
          ),
          h('tbody', {}, rows),
        )
      : h(
          'p',
          { class: 'empty' },
          'No users yet: they appear when the app calls identify or updateUser.',
        );
    setView('Users', h('div', { class: 'card flush' }, table));
  }

  async function renderUser(userId) {
    const u = await api(`/api/users/${encodeURIComponent(userId)}`);
    setView(
      `User ${u.userId}`,
      h(
        'div',
        { class: 'grid' },
        h(
          'div',
          { class: 'card' },
          h('h2', {}, 'Profile'),
          dl([
            ['Name', u.name],
            ['Email', u.email],
            ['Product', u.productId],
            ['First seen', time(u.firstSeenAt)],
            ['Last seen', time(u.lastSeenAt)],
          ]),
        ),
        h(
          'div',
          { class: 'card' },
          h('h2', {}, 'Metadata (merged across sessions)'),
          json(u.metadata),
        ),
      ),
      h(
        'div',
        { class: 'card flush' },
        h('h2', { class: 'pad' }, `Sessions (${u.sessionCount})`),
        sessionsTable(u.sessions),
      ),
    );
  }

  function route() {
    const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
    document
      .querySelectorAll('[data-nav]')
      .forEach((a) =>
        a.classList.toggle(
          'active',
          a.dataset.nav === (parts[0] === 'users' ? 'users' : 'sessions'),
        ),
      );
    if (parts[0] === 'sessions' && parts[1])
      return { render: () => renderSession(parts[1]), refresh: refreshSession };
    if (parts[0] === 'users' && parts[1]) return { render: () => renderUser(parts[1]) };
    if (parts[0] === 'users') return { render: renderUsers };
    return { render: renderSessions };
  }

  async function show() {
    const view = route();
    current = { render: view.render, refresh: view.refresh, sessionId: null, eventCount: 0 };
    try {
      await view.render();
    } catch (error) {
      setView('Not found', h('p', { class: 'empty' }, String(error.message || error)));
    }
    current.refresh = view.refresh;
  }

  let pending = null;
  function onChange(change) {
    clearTimeout(pending);
    pending = setTimeout(() => {
      if (current.refresh && current.sessionId) {
        if (change.type === 'reset') show();
        else if (!change.sessionId || change.sessionId === current.sessionId)
          current.refresh().catch(() => undefined);
      } else {
        if (current.render) current.render().catch(() => undefined);
      }
    }, 300);
  }

  function connectLive() {
    const source = new EventSource('/api/events');
    source.addEventListener('open', () => {
      liveBadge.textContent = 'live';
      liveBadge.className = 'live on';
    });
    source.addEventListener('error', () => {
      liveBadge.textContent = 'reconnecting…';
      liveBadge.className = 'live';
    });
    source.addEventListener('change', (e) => onChange(JSON.parse(e.data)));
  }

  window.addEventListener('hashchange', show);
  show();
  connectLive();
})();
