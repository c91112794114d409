import type { RecorderLog, RecorderOptions } from '../host.js';
import { closestMatches, closestWithClass, hasClass, rrwebClass } from './class-match.js';
import { maskPassword, maskText } from './mask-text.js';
import type { EmittedEvent } from './meta-href.js';
import { resolvePrivacyRules, type PrivacyRules } from './privacy-rules.js';

/** What `xhigh` blocks on top of the block options: media that can show private content. */
export const XHIGH_BLOCK_SELECTOR = 'img, picture, video, svg image';

/**
 * Input types (and `textarea` / `select`) handed to our mask function. rrweb only asks about the
 * types listed here; our function then decides per element, so class, selector and level rules
 * all apply. Checkboxes and radios are left out: rrweb records only their checked state.
 */
const INPUT_KEYS = [
  'color',
  'date',
  'datetime-local',
  'email',
  'month',
  'number',
  'range',
  'search',
  'tel',
  'text',
  'time',
  'url',
  'week',
  'textarea',
  'select',
  'password',
  'hidden',
  'submit',
  'button',
  'reset',
] as const;

/** The privacy part of rrweb's `record` options. */
export interface PrivacySettings {
  blockClass: string | RegExp;
  blockSelector?: string;
  /** rrweb tests it with `classList.contains`: a class name, or `""` for none. */
  ignoreClass: string;
  ignoreSelector?: string;
  maskTextClass: string | RegExp;
  maskTextSelector?: string;
  maskInputOptions: Record<string, boolean>;
  maskInputFn: (text: string, element: HTMLElement) => string;
  maskTextFn: (text: string, element: HTMLElement | null) => string;
}

function joinSelectors(parts: (string | undefined | false)[]): string | undefined {
  const kept = parts.filter((part): part is string => typeof part === 'string' && part !== '');
  return kept.length > 0 ? kept.join(', ') : undefined;
}

/** The lowercased input type as rrweb sees it (a revealed password stays a password). */
function inputType(element: HTMLElement): string {
  if (element.hasAttribute('data-rr-is-password')) return 'password';
  const tag = element.tagName.toLowerCase();
  if (tag !== 'input') return tag;
  const type = (element as HTMLInputElement).type;
  return typeof type === 'string' && type !== '' ? type.toLowerCase() : 'text';
}

/**
 * Inside an element the options explicitly mask (these always win over unmask). The text mask
 * class masks inputs too; the input mask class only inputs.
 */
function explicitlyMasked(
  rules: PrivacyRules,
  element: Element | null,
  forInput: boolean,
): boolean {
  return (
    closestWithClass(element, rules.maskTextClass) ||
    (forInput && closestWithClass(element, rules.maskInputClass)) ||
    closestMatches(element, rules.maskSelector)
  );
}

function unmasked(rules: PrivacyRules, element: Element | null): boolean {
  if (rules.level === 'normal') return false;
  return (
    closestWithClass(element, rules.unmaskClass) || closestMatches(element, rules.unmaskSelector)
  );
}

/** Decide and apply masking for one input value (rrweb's `maskInputFn`). */
export function maskInputValue(rules: PrivacyRules, text: string, element: HTMLElement): string {
  const type = inputType(element);
  if (type === 'password') return maskPassword(text);
  const mask = (): string => maskText(text, rules.layoutPreserving);
  if (rules.maskInputTypes.has(type) || explicitlyMasked(rules, element, true)) return mask();
  if (rules.level === 'normal' || unmasked(rules, element)) return text;
  return mask();
}

/**
 * Apply masking to a text rrweb decided to mask (rrweb's `maskTextFn`: called only for text under
 * the mask class or selector, which at `xhigh` is every element). Unmask applies only at `xhigh`,
 * where the mask selector is the blanket `*`, and never inside an explicitly masked element.
 */
export function maskTextValue(
  rules: PrivacyRules,
  text: string,
  element: HTMLElement | null,
): string {
  if (
    rules.level === 'xhigh' &&
    !explicitlyMasked(rules, element, false) &&
    unmasked(rules, element)
  )
    return text;
  return maskText(text, rules.layoutPreserving);
}

/**
 * Turn validated rules into rrweb `record` options. Each class rule in force goes to rrweb
 * alone: a custom class replaces the default one, and a rule turned off matches nothing.
 */
export function privacySettingsFromRules(rules: PrivacyRules): PrivacySettings {
  const xhigh = rules.level === 'xhigh';
  const maskInputOptions: Record<string, boolean> = {};
  for (const key of INPUT_KEYS) maskInputOptions[key] = true;
  for (const type of rules.maskInputTypes) maskInputOptions[type] = true;
  return {
    blockClass: rrwebClass(rules.blockClass),
    blockSelector: joinSelectors([rules.blockSelector, xhigh && XHIGH_BLOCK_SELECTOR]),
    // A pattern is applied by `ignoredInputFilter` instead.
    ignoreClass: typeof rules.ignoreClass === 'string' ? rules.ignoreClass : '',
    ignoreSelector: rules.ignoreSelector,
    maskTextClass: rrwebClass(rules.maskTextClass),
    maskTextSelector: xhigh ? '*' : rules.maskSelector,
    maskInputOptions,
    maskInputFn: (text, element) => maskInputValue(rules, text, element),
    maskTextFn: (text, element) => maskTextValue(rules, text, element),
  };
}

/** rrweb's incremental snapshot event type and its input source. */
const RRWEB_INCREMENTAL = 3;
const SOURCE_INPUT = 5;

/**
 * rrweb tests `ignoreClass` with `classList.contains`, which cannot take a pattern. For a RegExp
 * ignore class this returns a test for the input events to drop: those of an element whose own
 * class matches, the same element-only test rrweb makes for a class name. `undefined` when rrweb
 * does it all. `nodeOf` is rrweb's mirror lookup (event node id to DOM node).
 */
export function ignoredInputFilter(
  rules: PrivacyRules,
  nodeOf: (id: number) => Node | null,
): ((event: EmittedEvent) => boolean) | undefined {
  const pattern = rules.ignoreClass;
  if (!(pattern instanceof RegExp)) return undefined;
  return (event) => {
    if (event.type !== RRWEB_INCREMENTAL) return false;
    const data = event.data as { source?: unknown; id?: unknown } | null;
    if (data?.source !== SOURCE_INPUT || typeof data.id !== 'number') return false;
    const node = nodeOf(data.id);
    return node?.nodeType === 1 && hasClass(node as Element, pattern);
  };
}

/**
 * The privacy part of rrweb's `record` options for the init options (see `MaskingLevel` for what
 * each level records). Invalid options are warned about and ignored; nothing throws.
 *
 * @example
 * ```ts
 * record({ emit, ...buildPrivacySettings({ privacy: { maskingLevel: 'high' } }, log) });
 * ```
 */
export function buildPrivacySettings(options: RecorderOptions, log: RecorderLog): PrivacySettings {
  return privacySettingsFromRules(resolvePrivacyRules(options, log));
}
