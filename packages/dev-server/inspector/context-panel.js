// Context beside the replay: the console, network and error entries that the SDK's context
// capture records (plugin events rrweb/console@1, milana/network@1, milana/error@1), as a marker
// strip over the session's duration and a filterable list. Every entry seeks the replay to its
// moment; errors and failed requests are highlighted. Recorded data is untrusted: text only.
// A panel of session-view.js ({ element, show(feed), update(feed, fresh) }); timeline-panel.js
// uses `rowClass` and `detail` to highlight the same entries on the session timeline.
import { h } from './dom.js';

const PLUGINS = {
  'rrweb/console@1': 'console',
  'milana/network@1': 'network',
  'milana/error@1': 'error',
};
const KINDS = ['console', 'network', 'error'];
/** Kinds hidden by the filter; kept across live refreshes of the same page. */
const hidden = new Set();

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

/** The context kind of a timeline entry, or undefined for other entries. */
export function kindOf(entry) {
  return entry && entry.kind === 'plugin' ? PLUGINS[entry.name] : undefined;
}

/** Parses a console argument (the plugin stores each one as JSON text). */
function arg(text) {
  try {
    const value = JSON.parse(text);
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return String(text);
  }
}

function pathOf(url) {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return String(url || '');
  }
}

/** One line saying what happened, and whether it went wrong. */
function summarize(entry) {
  const d = entry.data || {};
  const kind = kindOf(entry);
  if (kind === 'console') {
    const args = Array.isArray(d.payload) ? d.payload.map(arg).join(' ') : '';
    return {
      label: d.level || 'log',
      text: args,
      bad: d.level === 'error' || d.level === 'assert',
    };
  }
  if (kind === 'network') {
    if (d.dropped)
      return {
        label: 'network',
        text: `${d.dropped} requests not recorded (burst limit)`,
        bad: false,
      };
    const outcome = d.error
      ? d.error
      : d.initiator === 'beacon'
        ? d.queued
          ? 'queued'
          : 'refused'
        : d.status;
    const took = typeof d.duration === 'number' ? ` · ${d.duration} ms` : '';
    const bad = !!d.error || d.status >= 400 || (d.initiator === 'beacon' && !d.queued);
    return { label: `${d.method || ''} ${outcome}`, text: `${pathOf(d.url)}${took}`, bad };
  }
  if (kind === 'error') {
    if (d.kind === 'dropped')
      return { label: 'error', text: `${d.count} errors not recorded (burst limit)`, bad: true };
    const where = d.source ? ` (${pathOf(d.source)}:${d.line || 0})` : '';
    return {
      label: d.kind === 'unhandledrejection' ? 'rejection' : d.name || 'error',
      text: `${d.message || ''}${where}`,
      bad: true,
    };
  }
  return { label: entry.name, text: '', bad: false };
}

/** A CSS class for the main timeline's row of `entry`: highlights errors and failed requests. */
export function rowClass(entry) {
  const kind = kindOf(entry);
  if (!kind) return undefined;
  return summarize(entry).bad ? `ctx ctx-${kind} ctx-bad` : `ctx ctx-${kind}`;
}

/** A short text for the main timeline's detail column. */
export function detail(entry) {
  if (!kindOf(entry)) return undefined;
  const s = summarize(entry);
  return `${s.label} · ${s.text}`;
}

/**
 * Fills `box` with the panel for `timeline` (the session's timeline entries). `startAt` is the
 * replay's first timestamp; `seek(ms)` moves the replay to that offset.
 */
function render(box, timeline, startAt, seek) {
  if (!box) return;
  const entries = (timeline || []).filter((e) => kindOf(e));
  const title = el('h2', '', 'Console, network, errors');
  if (entries.length === 0) {
    box.replaceChildren(
      title,
      el('p', 'empty', 'Nothing captured. The SDK records these with the init option capture.'),
    );
    return;
  }
  const counts = {};
  for (const e of entries) counts[kindOf(e)] = (counts[kindOf(e)] || 0) + 1;

  const filters = el('div', 'ctx-filters');
  for (const kind of KINDS) {
    const button = el('button', `ctx-filter ctx-${kind}`, `${kind} ${counts[kind] || 0}`);
    button.type = 'button';
    button.setAttribute('aria-pressed', String(!hidden.has(kind)));
    button.dataset.kind = kind;
    button.addEventListener('click', () => {
      if (hidden.has(kind)) hidden.delete(kind);
      else hidden.add(kind);
      render(box, timeline, startAt, seek);
    });
    filters.append(button);
  }

  const shown = entries.filter((e) => !hidden.has(kindOf(e)));
  const first = Math.min(startAt || Infinity, ...entries.map((e) => e.timestamp));
  const last = Math.max(
    ...(timeline || []).map((e) => e.timestamp),
    ...entries.map((e) => e.timestamp),
  );
  const span = Math.max(1, last - first);

  // The strip: one marker per entry along the session, so bursts and failures stand out.
  const strip = el('div', 'ctx-strip');
  strip.setAttribute('aria-hidden', 'true');
  for (const e of shown) {
    const s = summarize(e);
    const mark = el('span', `ctx-mark ctx-${kindOf(e)}${s.bad ? ' ctx-bad' : ''}`);
    // CSSOM, not a style attribute: allowed under a strict Content-Security-Policy.
    mark.style.left = `${(((e.timestamp - first) / span) * 100).toFixed(2)}%`;
    mark.title = `${s.label} ${s.text}`;
    mark.addEventListener('click', () => seek(Math.max(0, e.timestamp - startAt)));
    strip.append(mark);
  }

  const list = el('ol', 'ctx-list');
  for (const e of shown) {
    const s = summarize(e);
    const kind = kindOf(e);
    const item = el('li', `ctx-item ctx-${kind}${s.bad ? ' ctx-bad' : ''}`);
    item.dataset.kind = kind;
    item.tabIndex = 0;
    item.title = 'Jump the replay here';
    const secs = Math.max(0, Math.round((e.timestamp - startAt) / 1000));
    item.append(
      el('span', 'at mono', `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, '0')}`),
      el('span', 'ctx-label', s.label),
      el('span', 'ctx-text', s.text),
    );
    const details = el('pre', 'json ctx-details', JSON.stringify(e.data, null, 2));
    details.hidden = true;
    item.append(details);
    const go = () => {
      seek(Math.max(0, e.timestamp - startAt));
      details.hidden = !details.hidden;
    };
    item.addEventListener('click', go);
    item.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') go();
    });
    list.append(item);
  }
  box.replaceChildren(
    title,
    filters,
    strip,
    shown.length ? list : el('p', 'empty', 'All kinds are filtered out.'),
  );
}

/** The panel beside the replay; `ctx.seek(ms)` is set by the replay panel. */
export function createContextPanel(ctx) {
  const box = h('aside', { class: 'card context-panel', id: 'context-panel' });
  let drawn = -1;
  const draw = (feed) => {
    drawn = feed.timeline.length;
    render(box, feed.timeline, feed.startAt(), (ms) => ctx.seek(ms));
  };
  return {
    title: 'Console, network, errors',
    element: box,
    show: draw,
    update: (feed) => {
      if (feed.timeline.length !== drawn) draw(feed);
    },
  };
}
