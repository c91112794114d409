// DOM and formatting helpers shared by the inspector's views. Recorded data is untrusted, so
// everything goes into the page as text nodes or attributes, never as HTML.

/** Creates an element: h('td', { class: 'x', onclick: fn }, 'text', child). */
export function h(tag, attrs, ...children) {
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

/** GETs a JSON API path. */
export async function api(path) {
  const res = await fetch(path, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

export const time = (ms) => (ms ? new Date(ms).toLocaleString() : '—');
export const clock = (ms) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};
export const duration = (ms) =>
  ms < 1000 ? `${ms} ms` : ms < 3600000 ? clock(ms) : `${(ms / 3600000).toFixed(1)} h`;
export const badge = (text, kind) => h('span', { class: `badge ${kind || ''}` }, text);
export const json = (value) => h('pre', { class: 'json' }, JSON.stringify(value, null, 2));
export const userLabel = (s) =>
  (s.user && (s.user.name || s.user.email)) || s.userId || 'anonymous';
export const status = (s) =>
  s.closed ? badge(`closed · ${s.closeReason}`, 'muted') : badge('open', 'ok');

/** Replaces the main view with a title and children. */
export function setView(title, ...children) {
  document
    .getElementById('app')
    .replaceChildren(h('h1', {}, title), ...children.flat().filter(Boolean));
}

/** A definition list of [label, value] pairs, skipping empty values. */
export function dl(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs
      .filter((p) => p[1] !== null && p[1] !== undefined && p[1] !== '')
      .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}
