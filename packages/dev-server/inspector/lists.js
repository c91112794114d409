// The list views: sessions, users, and one user's profile with their sessions.
import { api, badge, dl, duration, h, json, setView, status, time, userLabel } from './dom.js';

function table(head, rows) {
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
  const head = ['Session', 'User', 'Environment', 'Version', 'Started', 'Duration'];
  return table([...head, 'Sampling', 'Events', 'Status'], rows);
}

export async function renderSessions() {
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

export async function renderUsers() {
  const { users } = await api('/api/users');
  const rows = users.map((u) =>
    h(
      'tr',
      { class: 'link', onclick: () => (location.hash = `#/users/${encodeURIComponent(u.userId)}`) },
      h('td', { class: 'mono' }, u.userId),
      h('td', {}, u.name || '—'),
      h('td', {}, u.email || '—'),
      h('td', {}, Object.keys(u.metadata).join(', ') || '—'),
      h('td', { class: 'num' }, u.sessionCount),
      h('td', {}, time(u.lastSeenAt)),
    ),
  );
  const content = users.length
    ? table(['User id', 'Name', 'Email', 'Metadata keys', 'Sessions', 'Last seen'], rows)
    : h(
        'p',
        { class: 'empty' },
        'No users yet: they appear when the app calls identify or updateUser.',
      );
  setView('Users', h('div', { class: 'card flush' }, content));
}

export async function renderUser(userId) {
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
