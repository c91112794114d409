// The Milana dev server inspector: a small hash-routed page over the JSON API, as ES modules
// (the CSP allows scripts from this server only). Views live in lists.js and session-view.js;
// the session page's panels each have their own module.
import { h, setView } from './dom.js';
import { renderSession } from './session-view.js';
import { renderSessions, renderUser, renderUsers } from './lists.js';

const liveBadge = document.getElementById('live');

/** The current view: how to draw it again, and for a session page how to fetch what is new. */
let current = { render: null, refresh: null, sessionId: null };

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  document
    .querySelectorAll('[data-nav]')
    .forEach((a) =>
      a.classList.toggle('active', a.dataset.nav === (parts[0] === 'users' ? 'users' : 'sessions')),
    );
  if (parts[0] === 'sessions' && parts[1]) return { sessionId: parts[1] };
  if (parts[0] === 'users' && parts[1]) return { render: () => renderUser(parts[1]) };
  if (parts[0] === 'users') return { render: renderUsers };
  return { render: renderSessions };
}

async function show() {
  const view = route();
  const render = view.sessionId ? () => renderSession(view.sessionId) : view.render;
  current = { render, refresh: null, sessionId: view.sessionId || null };
  try {
    const refresh = await render();
    if (current.render === render && typeof refresh === 'function') current.refresh = refresh;
  } catch (error) {
    setView('Not found', h('p', { class: 'empty' }, String(error.message || error)));
  }
}

// Changes arrive in bursts while a page records; one refresh per 300 ms is plenty, and only
// one runs at a time so a slow answer cannot pile up requests.
let pending = null;
let running = false;
let again = false;
function onChange(change) {
  clearTimeout(pending);
  pending = setTimeout(async () => {
    if (change.type === 'reset') return show();
    if (current.sessionId && change.sessionId && change.sessionId !== current.sessionId) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await (current.refresh ? current.refresh() : current.sessionId ? null : current.render());
    } catch {
      // The next change or a reload tries again.
    } finally {
      running = false;
      if (again) {
        again = false;
        onChange(change);
      }
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
