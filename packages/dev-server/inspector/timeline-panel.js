// The timeline panel: custom and plugin events; a click jumps the replay there.
import { detail, rowClass } from './context-panel.js';
import { badge, clock, h } from './dom.js';

function describe(entry) {
  const d = entry.data || {};
  // Console, network and error entries get a one-line summary.
  const captured = detail(entry);
  if (captured) return captured;
  if (entry.kind === 'track')
    return Object.keys(d.attributes || {}).length ? JSON.stringify(d.attributes) : '';
  if (entry.kind === 'url' || entry.kind === 'query')
    return (d.attributes && d.attributes.url) || '';
  if (entry.kind === 'plugin' || entry.kind === 'custom') return JSON.stringify(d);
  return '';
}

function list(timeline, startAt, seek) {
  if (timeline.length === 0) return h('p', { class: 'empty' }, 'No custom events yet.');
  return h(
    'ol',
    { class: 'timeline' },
    timeline.map((entry) =>
      h(
        'li',
        {
          class: rowClass(entry),
          onclick: () => seek(entry.timestamp - startAt),
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

export function createTimelinePanel(ctx) {
  const box = h('div', { id: 'timeline' });
  const draw = (feed) =>
    box.replaceChildren(list(feed.timeline, feed.startAt(), (ms) => ctx.seek(ms)));
  return {
    title: 'Timeline',
    element: h('div', { class: 'card' }, h('h2', {}, 'Timeline'), box),
    show: draw,
    update: (feed, fresh) => {
      if (fresh.timeline > 0 || fresh.events > 0) draw(feed);
    },
  };
}
