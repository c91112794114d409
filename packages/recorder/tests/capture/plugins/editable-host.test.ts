import { afterEach, describe, expect, it } from 'vitest';
import { findEditableHost, isEditableHost } from '../../../src/capture/plugins/editable-host.js';

afterEach(() => {
  document.body.innerHTML = '';
});

function mount(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.getElementById('host')!;
}
const text = (id: string) => document.getElementById(id)!.firstChild!;

describe('findEditableHost', () => {
  it('finds a host three levels up from a text node', () => {
    // text -> li (1) -> ol (2) -> host (3)
    const host = mount('<div id="host" contenteditable><ol><li id="t">x</li></ol></div>');
    expect(findEditableHost(text('t'))).toBe(host);
  });

  it('gives up on a host four levels up', () => {
    // text -> p (1) -> li (2) -> ol (3) -> host (4)
    mount('<div id="host" contenteditable><ol><li><p id="t">x</p></li></ol></div>');
    expect(findEditableHost(text('t'))).toBeNull();
  });

  it('does not count b, strong, i, em, u, del and span toward the depth', () => {
    const host = mount(
      '<div id="host" contenteditable><p><b><strong><i><em><u><del><span id="t">x</span></del></u></em></i></strong></b></p></div>',
    );
    expect(findEditableHost(text('t'))).toBe(host);
  });

  it('counts other inline tags such as a and code as levels', () => {
    mount('<div id="host" contenteditable><p><a><code id="t">x</code></a></p></div>');
    // text -> code (1) -> a (2) -> p (3) -> host would be level 4
    expect(findEditableHost(text('t'))).toBeNull();
  });

  it('returns the host itself when the edited node is the (empty) host', () => {
    const host = mount('<div id="host" contenteditable="plaintext-only"></div>');
    expect(findEditableHost(host)).toBe(host);
  });

  it('returns the nearest host when editable regions are nested', () => {
    mount(
      '<div contenteditable><section id="host" contenteditable="true"><p id="t">x</p></section></div>',
    );
    expect(findEditableHost(text('t'))).toBe(document.getElementById('host'));
  });

  it('returns null outside any editable region and for a missing node', () => {
    mount('<div id="host"><p id="t">x</p></div>');
    expect(findEditableHost(text('t'))).toBeNull();
    expect(findEditableHost(null)).toBeNull();
  });
});

describe('isEditableHost', () => {
  it.each([
    ['', true],
    ['true', true],
    ['TRUE', true],
    ['plaintext-only', true],
    ['false', false],
    ['inherit', false],
  ])('treats contenteditable="%s" as a host: %s', (value, expected) => {
    const el = document.createElement('div');
    el.setAttribute('contenteditable', value);
    expect(isEditableHost(el)).toBe(expected);
  });

  it('is false without the attribute', () => {
    expect(isEditableHost(document.createElement('div'))).toBe(false);
  });
});
