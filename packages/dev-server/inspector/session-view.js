// The session page: facts about the session and its user, then the panels over its recording.
// A panel is { element, show(feed), update(feed, fresh) }; add one to PANELS to give the page
// another view of the same feed (it gets live updates with no extra requests of its own).
import { createContextPanel } from './context-panel.js';
import { badge, dl, duration, h, json, setView, status, time } from './dom.js';
import { createReplayPanel } from './replay-panel.js';
import { createSessionFeed } from './session-feed.js';
import { createTimelinePanel } from './timeline-panel.js';

// The first two sit side by side: the replay and the console/network/error panel beside it.
const PANELS = [createReplayPanel, createContextPanel, createTimelinePanel];

function userCard(s) {
  if (!s.user)
    return h(
      'div',
      { class: 'card' },
      h('h2', {}, 'User'),
      h('p', { class: 'empty' }, 'No user attached (identify was not called).'),
    );
  return h(
    'div',
    { class: 'card' },
    h('h2', {}, 'User'),
    dl([
      ['User id', h('a', { href: `#/users/${encodeURIComponent(s.user.userId)}` }, s.user.userId)],
      ['Name', s.user.name],
      ['Email', s.user.email],
    ]),
    h('h3', {}, 'Metadata (merged across sessions)'),
    json(s.user.metadata),
  );
}

function contextCard(s) {
  return h(
    'div',
    { class: 'card' },
    h('h2', {}, 'Session'),
    dl([
      ['Environment', s.environment],
      ['Version', s.version],
      ['App session id', s.appSessionId],
      ['Started', time(s.startedAt)],
      ['Caller', s.client.callerType],
      ['Client', s.client.clientVersion && `${s.client.clientVersion} (${s.client.clientGitHash})`],
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
    Object.keys(s.integrations).length ? [h('h3', {}, 'Integrations'), json(s.integrations)] : null,
  );
}

function summary(s) {
  return h(
    'p',
    { class: 'sub', id: 'session-summary' },
    s.sampled ? badge('sampled', 'ok') : badge('not sampled', 'warn'),
    ' ',
    status(s),
    ` · ${s.eventCount} events · ${duration(s.durationMs)}`,
  );
}

/** Renders a session and returns its live refresh, which fetches only what is new. */
export async function renderSession(id) {
  const feed = await createSessionFeed(id).load();
  const s = feed.session;
  const ctx = { seek: () => undefined };
  const panels = PANELS.map((create) => create(ctx));
  setView(
    `Session ${s.id}`,
    summary(s),
    h('div', { class: 'grid' }, userCard(s), contextCard(s)),
    h('div', { class: 'replay-row' }, panels[0].element, panels[1].element),
    panels.slice(2).map((p) => p.element),
  );
  panels.forEach((p) => p.show(feed));
  return async () => {
    const fresh = await feed.refresh();
    document.getElementById('session-summary')?.replaceWith(summary(feed.session));
    panels.forEach((p) => p.update(feed, fresh));
  };
}
