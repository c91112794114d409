import type { RecorderLog, RecorderOptions } from '../host.js';
import { statelessPattern, type ClassOption } from './class-match.js';

/**
 * How much of the page the recording may show. Whatever the level, values of `password`, `email`
 * and `tel` inputs (plus any type in `maskInputTypes`) are always masked, text and inputs inside
 * the mask class (`milana-mask`, or what `maskTextClass` / `maskInputClass` replace it with) or
 * `maskSelector` are always masked, and elements with the block class (`milana-block` or
 * `blockClass`) or `blockSelector` are never recorded. The text mask class also masks inputs.
 *
 * - `normal` (default): everything else is recorded as is. Unmask options have no effect (there
 *   is nothing broad to unmask); one info line says so.
 * - `high`: every input, textarea and select value is masked, except inside the unmask class
 *   (`milana-unmask` or `unmaskClass`) or `unmaskSelector`. Page text is recorded as is.
 * - `xhigh`: like `high`, and all page text is masked too (except inside an unmask element), and
 *   images, pictures and videos are blocked (recorded as empty boxes of the same size).
 *
 * Explicit masking always wins over unmasking: an element inside both stays masked.
 */
export type MaskingLevel = 'normal' | 'high' | 'xhigh';

/** Default class names: each one is active unless its class option replaces it (or is `""`). */
export const DEFAULT_CLASSES = {
  block: 'milana-block',
  ignore: 'milana-ignore',
  mask: 'milana-mask',
  unmask: 'milana-unmask',
} as const;

/** Input types whose values are masked whatever the options say. */
export const ALWAYS_MASKED_INPUT_TYPES: readonly string[] = ['password', 'email', 'tel'];

/** The privacy options after validation: what the masking code works from. */
export interface PrivacyRules {
  level: MaskingLevel;
  layoutPreserving: boolean;
  /** The class rules in force: the option, else the default class; `undefined` when off. */
  blockClass?: ClassOption;
  blockSelector?: string;
  ignoreClass?: ClassOption;
  ignoreSelector?: string;
  maskTextClass?: ClassOption;
  maskInputClass?: ClassOption;
  maskSelector?: string;
  /** Only at `high` / `xhigh`. */
  unmaskClass?: ClassOption;
  unmaskSelector?: string;
  /** Lowercased input types (or `textarea` / `select`) always masked. */
  maskInputTypes: ReadonlySet<string>;
}

const LEVELS: readonly MaskingLevel[] = ['normal', 'high', 'xhigh'];

/** True when `selector` parses as a CSS selector list. */
export function isValidSelector(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/**
 * How a warning shows a rejected option: a string quoted, a number or boolean as is, anything else
 * by its built-in tag (`[object RegExp]`), so no object's own toString runs.
 */
function shown(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
      ? String(value)
      : Object.prototype.toString.call(value);
}

function readSelector(value: unknown, field: string, log: RecorderLog): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || !isValidSelector(value)) {
    log.warn(`init: privacy.${field} must be a valid CSS selector; ${shown(value)} is ignored`);
    return undefined;
  }
  return value;
}

/**
 * The class rule of one option: the given class or pattern replaces `fallback` (the default
 * class); `""` turns the rule off. An invalid value keeps the default (masking more, never less).
 */
function readClass(
  value: unknown,
  field: string,
  fallback: string,
  log: RecorderLog,
): ClassOption | undefined {
  if (value === undefined) return fallback;
  if (value === '') return undefined;
  if (value instanceof RegExp) return statelessPattern(value);
  if (typeof value === 'string' && value.trim() !== '' && !/\s/.test(value.trim()))
    return value.trim();
  log.warn(
    `init: privacy.${field} must be one class name, "" or a RegExp; ${shown(value)} is ignored and "${fallback}" stays in force`,
  );
  return fallback;
}

function readLevel(value: unknown, log: RecorderLog): MaskingLevel {
  if (value === undefined) return 'normal';
  if (LEVELS.includes(value as MaskingLevel)) return value as MaskingLevel;
  log.warn(
    `init: privacy.maskingLevel must be "normal", "high" or "xhigh"; ${shown(value)} falls back to "normal"`,
  );
  return 'normal';
}

const TYPES_RULE =
  'must be an object like { url: true } or an array of input type names; it is ignored (password, email and tel stay masked)';

/**
 * The always-masked input types plus those of `maskInputTypes`: an array of names, or an object
 * whose `true` keys are added (`false` is accepted and changes nothing: a default stays masked).
 */
function readInputTypes(value: unknown, log: RecorderLog): Set<string> {
  const types = new Set(ALWAYS_MASKED_INPUT_TYPES);
  if (value === undefined) return types;
  const add = (type: unknown, field: string): void => {
    if (typeof type === 'string' && type.trim() !== '') types.add(type.trim().toLowerCase());
    else log.warn(`init: privacy.maskInputTypes${field} must be an input type name; it is ignored`);
  };
  if (Array.isArray(value)) {
    value.forEach((type: unknown, index) => add(type, `[${index}]`));
  } else if (typeof value === 'object' && value !== null) {
    for (const [type, on] of Object.entries(value)) {
      if (on === true) add(type, '');
      else if (on !== false && on !== undefined)
        log.warn(`init: privacy.maskInputTypes.${type} must be true or false; it is ignored`);
    }
  } else {
    log.warn(`init: privacy.maskInputTypes ${TYPES_RULE}`);
  }
  return types;
}

/**
 * Validate the privacy options into `PrivacyRules`. Bad values log one warning each and are
 * ignored; nothing throws. Unmask options given at `normal` have no effect, said in one info line.
 *
 * @example
 * ```ts
 * const rules = resolvePrivacyRules({ privacy: { maskingLevel: 'high', unmaskClass: '' } }, log);
 * rules.unmaskClass; // undefined: not even `milana-unmask` unmasks anything
 * ```
 */
export function resolvePrivacyRules(options: RecorderOptions, log: RecorderLog): PrivacyRules {
  const privacy: NonNullable<RecorderOptions['privacy']> = options.privacy ?? {};
  const level = readLevel(privacy.maskingLevel, log);
  const rules: PrivacyRules = {
    level,
    layoutPreserving: privacy.shouldUseLayoutPreservingMasking === true,
    blockClass: readClass(privacy.blockClass, 'blockClass', DEFAULT_CLASSES.block, log),
    blockSelector: readSelector(privacy.blockSelector, 'blockSelector', log),
    ignoreClass: readClass(privacy.ignoreClass, 'ignoreClass', DEFAULT_CLASSES.ignore, log),
    ignoreSelector: readSelector(privacy.ignoreSelector, 'ignoreSelector', log),
    maskTextClass: readClass(privacy.maskTextClass, 'maskTextClass', DEFAULT_CLASSES.mask, log),
    maskInputClass: readClass(privacy.maskInputClass, 'maskInputClass', DEFAULT_CLASSES.mask, log),
    maskSelector: readSelector(privacy.maskSelector, 'maskSelector', log),
    maskInputTypes: readInputTypes(privacy.maskInputTypes, log),
  };
  if (level === 'normal') {
    const given = (value: unknown): boolean => value !== undefined && value !== '';
    if (given(privacy.unmaskClass) || given(privacy.unmaskSelector)) {
      log.info(
        'init: privacy.unmaskClass and privacy.unmaskSelector have no effect at maskingLevel "normal" (nothing is masked broadly there); use "high" or "xhigh" to unmask parts of a masked page',
      );
    }
    return rules;
  }
  rules.unmaskClass = readClass(privacy.unmaskClass, 'unmaskClass', DEFAULT_CLASSES.unmask, log);
  rules.unmaskSelector = readSelector(privacy.unmaskSelector, 'unmaskSelector', log);
  return rules;
}
