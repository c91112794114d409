import type { RecorderLog, RecorderOptions } from '../host.js';
import {
  classSelector,
  closestMatches,
  closestWithClass,
  type ClassOption,
} from './class-match.js';
import { maskPassword, maskText } from './mask-text.js';
import { DEFAULT_CLASSES, resolvePrivacyRules, type PrivacyRules } from './privacy-rules.js';

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

/** Inside an element the options explicitly mask (these always win over unmask). */
function explicitlyMasked(
  rules: PrivacyRules,
  element: Element | null,
  forInput: boolean,
): boolean {
  const classes: (ClassOption | undefined)[] = [DEFAULT_CLASSES.mask, rules.maskTextClass];
  if (forInput) classes.push(rules.maskInputClass);
  for (const option of classes) {
    if (option !== undefined && closestWithClass(element, option)) return true;
  }
  return closestMatches(element, rules.maskSelector);
}

function unmasked(rules: PrivacyRules, element: Element | null): boolean {
  if (rules.level === 'normal') return false;
  return (
    rules.unmaskClasses.some((option) => closestWithClass(element, option)) ||
    closestMatches(element, rules.unmaskSelector)
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

/** Turn validated rules into rrweb `record` options. */
export function privacySettingsFromRules(rules: PrivacyRules, log: RecorderLog): PrivacySettings {
  const xhigh = rules.level === 'xhigh';
  let ignoreClass: string = DEFAULT_CLASSES.ignore;
  let extraIgnore: string | undefined;
  if (typeof rules.ignoreClass === 'string') {
    ignoreClass = rules.ignoreClass;
    extraIgnore = classSelector(DEFAULT_CLASSES.ignore);
  } else if (rules.ignoreClass instanceof RegExp) {
    // rrweb tests ignoreClass with classList.contains: it cannot take a pattern.
    log.warn(
      'init: privacy.ignoreClass must be a class name (a RegExp is not supported for ignore); use privacy.ignoreSelector instead. It is ignored',
    );
  }
  const maskInputOptions: Record<string, boolean> = {};
  for (const key of INPUT_KEYS) maskInputOptions[key] = true;
  for (const type of rules.maskInputTypes) maskInputOptions[type] = true;
  return {
    blockClass: rules.blockClass ?? DEFAULT_CLASSES.block,
    blockSelector: joinSelectors([
      rules.blockClass !== undefined && classSelector(DEFAULT_CLASSES.block),
      rules.blockSelector,
      xhigh && XHIGH_BLOCK_SELECTOR,
    ]),
    ignoreClass,
    ignoreSelector: joinSelectors([extraIgnore, rules.ignoreSelector]),
    maskTextClass: rules.maskTextClass ?? DEFAULT_CLASSES.mask,
    maskTextSelector: xhigh
      ? '*'
      : joinSelectors([
          rules.maskTextClass !== undefined && classSelector(DEFAULT_CLASSES.mask),
          rules.maskSelector,
        ]),
    maskInputOptions,
    maskInputFn: (text, element) => maskInputValue(rules, text, element),
    maskTextFn: (text, element) => maskTextValue(rules, text, element),
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
  return privacySettingsFromRules(resolvePrivacyRules(options, log), log);
}
