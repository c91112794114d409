// The replay panel: rrweb-player over the session's events, in a frame without allow-scripts.
// The page's CSP keeps that frame from fetching remote images, styles and fonts a recording
// names; "Load remote resources" reloads the page with `?remote=1`, which allows them.
import { h } from './dom.js';

const remoteOn = () => new URLSearchParams(location.search).get('remote') === '1';

function remoteToggle() {
  const on = remoteOn();
  const target = on ? `/${location.hash}` : `/?remote=1${location.hash}`;
  return h(
    'a',
    {
      class: 'remote-toggle',
      href: target,
      title: on
        ? 'Block images, styles and fonts from other hosts again'
        : 'Let the replay fetch images, styles and fonts from the hosts the recording names',
    },
    on ? 'Remote resources on · block them' : 'Load remote resources',
  );
}

export function createReplayPanel(ctx) {
  let player = null;
  let shown = 0;
  const target = h('div', { class: 'replay', id: 'replay' });
  const note = h('span', { id: 'live-note', class: 'note' });

  function mount(events) {
    if (player && player.$destroy) player.$destroy();
    player = null;
    shown = events.length;
    note.replaceChildren();
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

  ctx.seek = (ms) => player && player.goto(Math.max(0, ms));

  return {
    title: 'Replay',
    element: h('div', { class: 'card' }, h('h2', {}, 'Replay ', note, remoteToggle()), target),
    /** Called once the panel is in the page, so the player can measure its width. */
    show(feed) {
      mount(feed.events);
    },
    /** New events do not restart a replay someone may be watching; a button offers it. */
    update(feed) {
      const fresh = feed.events.length - shown;
      if (fresh <= 0) return;
      note.replaceChildren(
        h('button', { onclick: () => mount(feed.events) }, `${fresh} new events · reload replay`),
      );
    },
  };
}
