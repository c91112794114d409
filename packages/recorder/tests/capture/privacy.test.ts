import { describe, expect, it } from 'vitest';
import type { RecorderOptions } from '../../src/host.js';
import { NO_CLASS } from '../../src/capture/class-match.js';
import {
  XHIGH_BLOCK_SELECTOR,
  buildPrivacySettings,
  ignoredInputFilter,
} from '../../src/capture/privacy.js';
import { resolvePrivacyRules } from '../../src/capture/privacy-rules.js';
import { fakeLog } from './fake-log.js';

function settings(privacy: RecorderOptions['privacy'] = {}) {
  return buildPrivacySettings({ privacy }, fakeLog());
}

function el(html: string, id = 'target'): HTMLElement {
  document.body.innerHTML = html;
  const found = document.getElementById(id);
  if (found === null) throw new Error(`no #${id}`);
  return found;
}

describe('buildPrivacySettings option mapping', () => {
  it('uses the milana default classes at the normal level', () => {
    const s = settings();
    expect(s.blockClass).toBe('milana-block');
    expect(s.ignoreClass).toBe('milana-ignore');
    expect(s.maskTextClass).toBe('milana-mask');
    expect(s.blockSelector).toBeUndefined();
    expect(s.maskTextSelector).toBeUndefined();
  });

  it('hands rrweb the custom classes in place of the default ones', () => {
    const s = settings({
      blockClass: 'no-rec',
      ignoreClass: 'quiet',
      maskTextClass: /^pii-/,
      blockSelector: '#ad',
    });
    expect(s.blockClass).toBe('no-rec');
    expect(s.blockSelector).toBe('#ad');
    expect(s.ignoreClass).toBe('quiet');
    expect(s.ignoreSelector).toBeUndefined();
    expect(s.maskTextClass).toEqual(/^pii-/);
    expect(s.maskTextSelector).toBeUndefined();
  });

  it('hands rrweb class rules turned off with "" as matching nothing', () => {
    const s = settings({ blockClass: '', ignoreClass: '', maskTextClass: '' });
    expect(s.blockClass).toBe(NO_CLASS);
    expect(s.ignoreClass).toBe('');
    expect(s.maskTextClass).toBe(NO_CLASS);
  });

  it('masks all text and blocks media at the xhigh level', () => {
    const s = settings({ maskingLevel: 'xhigh', blockSelector: '.ad' });
    expect(s.maskTextSelector).toBe('*');
    expect(s.blockSelector).toBe(`.ad, ${XHIGH_BLOCK_SELECTOR}`);
  });

  it('hands every text-like input type to the mask function', () => {
    const s = settings({ maskInputTypes: ['week'] });
    for (const key of [
      'text',
      'password',
      'email',
      'tel',
      'textarea',
      'select',
      'hidden',
      'week',
    ]) {
      expect(s.maskInputOptions[key]).toBe(true);
    }
    expect(s.maskInputOptions.checkbox).toBeUndefined();
  });

  it('takes a RegExp ignore class without a warning, applied to input events by the filter', () => {
    const log = fakeLog();
    const s = buildPrivacySettings({ privacy: { ignoreClass: /^quiet/ } }, log);
    expect(s.ignoreClass).toBe('');
    expect(log.warn).not.toHaveBeenCalled();
  });
});

describe('ignoredInputFilter', () => {
  const nodes = (html: string): ((id: number) => Node | null) => {
    document.body.innerHTML = html;
    return (id) => document.getElementById(`n${id}`);
  };
  const input = (id: number) => ({ type: 3, data: { source: 5, id, text: 'x' }, timestamp: 1 });

  it('drops the input events of elements whose own class matches the ignore pattern', () => {
    const nodeOf = nodes(
      '<input id="n1" class="quiet-field"><div class="quiet"><input id="n2"></div><input id="n3" class="loud">',
    );
    const drop = ignoredInputFilter(
      resolvePrivacyRules({ privacy: { ignoreClass: /quiet/y } }, fakeLog()),
      nodeOf,
    )!;
    expect([1, 2, 3, 4].map((id) => drop(input(id)))).toEqual([true, false, false, false]);
    // Only input events: a mutation of the same node is kept.
    expect(drop({ type: 3, data: { source: 0, id: 1 }, timestamp: 1 })).toBe(false);
    expect(drop({ type: 2, data: { node: {} }, timestamp: 1 })).toBe(false);
  });

  it('is not needed when the ignore class is a name (rrweb tests it) or off', () => {
    const nodeOf = nodes('');
    for (const ignoreClass of [undefined, 'quiet', '']) {
      const rules = resolvePrivacyRules({ privacy: { ignoreClass } }, fakeLog());
      expect(ignoredInputFilter(rules, nodeOf)).toBeUndefined();
    }
  });
});

describe('input masking decisions', () => {
  it('masks password, email and tel values at the normal level and leaves text inputs alone', () => {
    const s = settings();
    expect(s.maskInputFn('hunter2', el('<input id="target" type="password">'))).toBe('*******');
    expect(s.maskInputFn('a@b.co', el('<input id="target" type="email">'))).toBe('******');
    expect(s.maskInputFn('+33 1', el('<input id="target" type="tel">'))).toBe('*** *');
    expect(s.maskInputFn('Paris', el('<input id="target" type="text">'))).toBe('Paris');
  });

  it('keeps a revealed password masked one star per character even with layout preserving on', () => {
    const s = settings({ shouldUseLayoutPreservingMasking: true });
    const input = el('<input id="target" type="text" data-rr-is-password="true">');
    expect(s.maskInputFn('Wide 東', input)).toBe('******');
  });

  it('masks inputs inside milana-mask, the mask input class or the mask selector', () => {
    const s = settings({ maskInputClass: 'card', maskSelector: '[data-private]' });
    expect(s.maskInputFn('x1', el('<div class="milana-mask"><input id="target"></div>'))).toBe(
      '**',
    );
    expect(s.maskInputFn('x1', el('<input id="target" class="card">'))).toBe('**');
    expect(
      s.maskInputFn('x1', el('<form data-private><textarea id="target"></textarea></form>')),
    ).toBe('**');
  });

  it('masks inputs inside the custom mask class instead of milana-mask', () => {
    const s = settings({ maskTextClass: 'pii', maskInputClass: 'card' });
    expect(s.maskInputFn('x1', el('<div class="pii"><input id="target"></div>'))).toBe('**');
    expect(s.maskInputFn('x1', el('<input id="target" class="card">'))).toBe('**');
    expect(s.maskInputFn('x1', el('<div class="milana-mask"><input id="target"></div>'))).toBe(
      'x1',
    );
    const off = settings({ maskTextClass: '', maskInputClass: '' });
    expect(off.maskInputFn('x1', el('<div class="milana-mask"><input id="target"></div>'))).toBe(
      'x1',
    );
  });

  it('masks the input types of the object form of maskInputTypes', () => {
    const s = settings({ maskInputTypes: { url: true, email: false } });
    expect(s.maskInputOptions.url).toBe(true);
    expect(s.maskInputFn('https://a.b', el('<input id="target" type="url">'))).toBe('***********');
    expect(s.maskInputFn('a@b.co', el('<input id="target" type="email">'))).toBe('******');
    expect(s.maskInputFn('Paris', el('<input id="target" type="search">'))).toBe('Paris');
  });

  it('masks every input at the high level except inside an unmask element', () => {
    const s = settings({ maskingLevel: 'high', unmaskSelector: '.public' });
    expect(s.maskInputFn('Paris', el('<input id="target">'))).toBe('*****');
    expect(s.maskInputFn('Paris', el('<div class="milana-unmask"><input id="target"></div>'))).toBe(
      'Paris',
    );
    expect(
      s.maskInputFn('Paris', el('<div class="public"><select id="target"></select></div>')),
    ).toBe('Paris');
  });

  it('never unmasks always-masked types or explicitly masked inputs', () => {
    const s = settings({ maskingLevel: 'high' });
    expect(
      s.maskInputFn(
        'a@b.co',
        el('<div class="milana-unmask"><input id="target" type="email"></div>'),
      ),
    ).toBe('******');
    expect(
      s.maskInputFn(
        'x',
        el('<div class="milana-unmask"><p class="milana-mask"><input id="target"></p></div>'),
      ),
    ).toBe('*');
  });
});

describe('text masking decisions', () => {
  it('masks the text rrweb hands over at the normal level', () => {
    const s = settings();
    expect(s.maskTextFn('Jane Doe', el('<p id="target" class="milana-mask"></p>'))).toBe(
      '**** ***',
    );
  });

  it('ignores unmask elements at the normal level', () => {
    const s = settings({ unmaskClass: 'public' });
    expect(
      s.maskTextFn('Jane', el('<p class="public"><b id="target" class="milana-mask"></b></p>')),
    ).toBe('****');
  });

  it('unmasks only the custom unmask class at the xhigh level, and nothing with ""', () => {
    const custom = settings({ maskingLevel: 'xhigh', unmaskClass: 'open' });
    expect(custom.maskTextFn('Hi', el('<div class="open"><span id="target"></span></div>'))).toBe(
      'Hi',
    );
    expect(
      custom.maskTextFn(
        'Secret words',
        el('<div class="milana-unmask"><span id="target"></span></div>'),
      ),
    ).toBe('****** *****');
    const off = settings({ maskingLevel: 'xhigh', unmaskClass: '' });
    expect(
      off.maskTextFn(
        'Secret words',
        el('<div class="milana-unmask"><span id="target"></span></div>'),
      ),
    ).toBe('****** *****');
  });

  it('unmasks text inside an unmask element at the xhigh level', () => {
    const s = settings({ maskingLevel: 'xhigh', unmaskClass: /^open$/ });
    expect(s.maskTextFn('Pricing', el('<nav class="open"><a id="target"></a></nav>'))).toBe(
      'Pricing',
    );
    expect(s.maskTextFn('Pricing', el('<nav><a id="target"></a></nav>'))).toBe('*******');
  });

  it('keeps explicitly masked text masked inside an unmask element at the xhigh level', () => {
    const s = settings({ maskingLevel: 'xhigh' });
    expect(
      s.maskTextFn(
        'Jane',
        el('<div class="milana-unmask"><span id="target" class="milana-mask"></span></div>'),
      ),
    ).toBe('****');
  });

  it('uses width-matched placeholders when layout preserving masking is on', () => {
    const s = settings({ shouldUseLayoutPreservingMasking: true });
    expect(s.maskTextFn('Mim 東', el('<p id="target"></p>'))).toBe('@*@ ＊');
  });
});
