// A session's recording as the inspector holds it: events and timeline entries, each with the
// API cursor of the last fetch, so live updates fetch only what was stored since (`?after=`).
import { api } from './dom.js';

const byTime = (a, b) => a.timestamp - b.timestamp;

/**
 * Appends rows fetched in arrival order to a list kept in replay order. Arrays sort stably, so
 * rows with equal timestamps stay in arrival order, as the server orders them.
 */
function merge(list, fresh) {
  if (fresh.length === 0) return list;
  const last = list.length ? list[list.length - 1].timestamp : -Infinity;
  const sorted = fresh.every((e) => e.timestamp >= last) ? list.concat(fresh) : null;
  return sorted || list.concat(fresh).sort(byTime);
}

export function createSessionFeed(sessionId) {
  const base = `/api/sessions/${encodeURIComponent(sessionId)}`;
  const feed = {
    session: null,
    events: [],
    timeline: [],
    cursors: { events: 0, timeline: 0 },
    /** First load: the session detail and everything recorded so far. */
    async load() {
      const [session, events, timeline] = await Promise.all([
        api(base),
        api(`${base}/events`),
        api(`${base}/timeline`),
      ]);
      feed.session = session;
      feed.events = events.events;
      feed.timeline = timeline.timeline;
      feed.cursors = { events: events.cursor, timeline: timeline.cursor };
      return feed;
    },
    /** Fetches what was stored since the last fetch; returns how many rows of each arrived. */
    async refresh() {
      const [session, events, timeline] = await Promise.all([
        api(base),
        api(`${base}/events?after=${feed.cursors.events}`),
        api(`${base}/timeline?after=${feed.cursors.timeline}`),
      ]);
      feed.session = session;
      feed.events = merge(feed.events, events.events);
      feed.timeline = merge(feed.timeline, timeline.timeline);
      feed.cursors = { events: events.cursor, timeline: timeline.cursor };
      return { events: events.events.length, timeline: timeline.timeline.length };
    },
    /** Where the replay's clock starts. */
    startAt() {
      return feed.events.length ? feed.events[0].timestamp : feed.session.firstEventAt || 0;
    },
  };
  return feed;
}
