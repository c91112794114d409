// Issue 15 points 1-3: privacy options mean what they meant in 1.0.x, checked the way an app's
// tests would, on what the real recorder (rrweb, in jsdom) sends in /batch, with no warning.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMilana, type InitOptions, type MilanaClient } from 'milana-js';
import { CLIENT_KEY, flushRecording, mockIngest, PRODUCT_ID, SESSION_INFO } from './ingest';

let milana: MilanaClient | undefined;
afterEach(async () => {
  await milana?.stopRecording();
  milana = undefined;
  sessionStorage.clear();
  document.body.innerHTML = '';
});

/** Every line the SDK logged, across the console methods it may use. */
function milanaLines() {
  const spies = (['warn', 'info', 'error', 'log', 'debug'] as const).map((level) =>
    vi.spyOn(console, level).mockImplementation(() => undefined),
  );
  return () =>
    spies
      .flatMap((spy) => spy.mock.calls)
      .map((call) => call.map(String).join(' '))
      .filter((line) => line.startsWith('Milana'));
}

/** Renders `html`, records it with `privacy`, and returns the flushed /batch text and log lines. */
async function record(html: string, privacy: InitOptions['privacy']) {
  const { sent } = mockIngest();
  const lines = milanaLines();
  document.body.innerHTML = html;
  milana = createMilana();
  const result = await milana.init(PRODUCT_ID, CLIENT_KEY, SESSION_INFO, { privacy });
  expect(result).toEqual({ success: true });
  return { text: JSON.stringify(await flushRecording(sent)), lines: lines() };
}

describe('class options replace the default class; "" turns the rule off (point 1)', () => {
  it('unmaskClass "" at xhigh: text inside milana-unmask stays masked, no warning', async () => {
    const { text, lines } = await record(
      '<div class="milana-unmask"><span>Secret words</span></div>',
      { maskingLevel: 'xhigh', unmaskClass: '' },
    );
    expect(text).not.toContain('Secret words');
    expect(lines).toEqual([]);
  });

  it('a custom unmaskClass replaces milana-unmask', async () => {
    const { text, lines } = await record(
      '<div class="milana-unmask"><span>Default class words</span></div>' +
        '<div class="show-me"><span>Custom class words</span></div>',
      { maskingLevel: 'xhigh', unmaskClass: 'show-me' },
    );
    expect(text).not.toContain('Default class words');
    expect(text).toContain('Custom class words');
    expect(lines).toEqual([]);
  });

  it('blockClass "" turns the milana-block rule off; every class option accepts ""', async () => {
    const { text, lines } = await record('<div class="milana-block">Not blocked any more</div>', {
      blockClass: '',
      ignoreClass: '',
      maskTextClass: '',
      maskInputClass: '',
    });
    expect(text).toContain('Not blocked any more');
    expect(lines).toEqual([]);
  });
});

describe('RegExp class options are stateless and keep their anchoring (point 2)', () => {
  it('a sticky /secret/y blocks secret-x, not not-secret', async () => {
    const { text, lines } = await record(
      '<div class="secret-x">Blocked text</div><div class="not-secret">Over-blocked text</div>',
      { blockClass: /secret/y },
    );
    expect(text).not.toContain('Blocked text');
    expect(text).toContain('Over-blocked text');
    expect(lines).toEqual([]);
  });

  it('a global /mask-/g masks every matching element, not every other one', async () => {
    const items = ['First', 'Second', 'Third', 'Fourth'];
    const { text, lines } = await record(
      items.map((word, i) => `<p class="mask-${i}">${word} masked</p>`).join(''),
      { maskTextClass: /mask-/g },
    );
    for (const word of items) expect(text).not.toContain(`${word} masked`);
    expect(lines).toEqual([]);
  });
});

describe('maskInputTypes takes the object form (point 3)', () => {
  it.each<[string, NonNullable<InitOptions['privacy']>['maskInputTypes']]>([
    ['object form { url: true }', { url: true }],
    ['array form ["url"]', ['url']],
  ])('%s masks a url input and keeps masking passwords', async (_, maskInputTypes) => {
    const { text, lines } = await record(
      '<input type="url" value="https://private.example/token-123">' +
        '<input type="password" value="hunter2-pw">',
      { maskInputTypes },
    );
    expect(text).not.toContain('private.example/token-123');
    expect(text).not.toContain('hunter2-pw');
    expect(lines).toEqual([]);
  });

  it('false never unmasks a default type', async () => {
    const { text } = await record('<input type="password" value="hunter2-pw">', {
      maskInputTypes: { password: false },
    });
    expect(text).not.toContain('hunter2-pw');
  });
});
