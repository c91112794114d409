import type { RecorderLog, RecorderOptions } from '../host.js';
import { statelessPattern, type ClassOption } from './class-match.js';

/**
 * How much of the page the recording may show. Whatever the level, values of `password`, `email`
 * and `tel` inputs (plus any type in `maskInputTypes`) are always masked, text and inputs inside
 * `milana-mask` (or `maskTextClass` / `maskInputClass` / `maskSelector`) are always masked, and
 * elements with `milana-block` / `blockClass` / `blockSelector` are never recorded.
 *
 * - `normal` (default): everything else is recorded as is. Unmask options are ignored (there is
 *   nothing broad to unmask), with a warning.
 * - `high`: every input, textarea and select value is masked, except inside `milana-unmask` /
 *   `unmaskClass` / `unmaskSelector`. Page text is recorded as is.
 * - `xhigh`: like `high`, and all page text is masked too (except inside an unmask element), and
 *   images, pictures and videos are blocked (recorded as empty boxes of the same size).
 *
 * Explicit masking always wins over unmasking: an element inside both stays masked.
 */
export type MaskingLevel = 'normal' | 'high' | 'xhigh';

/** Default class names, always active next to the class options. */
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
  blockClass?: ClassOption;
  blockSelector?: string;
  ignoreClass?: ClassOption;
  ignoreSelector?: string;
  maskTextClass?: ClassOption;
  maskInputClass?: ClassOption;
  maskSelector?: string;
  /** Only set at `high` / `xhigh`; always includes `milana-unmask` there. */
  unmaskClasses: ClassOption[];
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

function readClass(value: unknown, field: string, log: RecorderLog): ClassOption | undefined {
  if (value === undefined) return undefined;
  if (value instanceof RegExp) return statelessPattern(value);
  if (typeof value === 'string' && value.trim() !== '' && !/\s/.test(value.trim()))
    return value.trim();
  log.warn(`init: privacy.${field} must be one class name or a RegExp; ${shown(value)} is ignored`);
  return undefined;
}

function readLevel(value: unknown, log: RecorderLog): MaskingLevel {
  if (value === undefined) return 'normal';
  if (LEVELS.includes(value as MaskingLevel)) return value as MaskingLevel;
  log.warn(
    `init: privacy.maskingLevel must be "normal", "high" or "xhigh"; ${shown(value)} falls back to "normal"`,
  );
  return 'normal';
}

function readInputTypes(value: unknown, log: RecorderLog): Set<string> {
  const types = new Set(ALWAYS_MASKED_INPUT_TYPES);
  if (value === undefined) return types;
  if (!Array.isArray(value)) {
    log.warn(
      'init: privacy.maskInputTypes must be an array of input types; it is ignored (password, email and tel stay masked)',
    );
    return types;
  }
  for (const type of value) {
    if (typeof type === 'string' && type.trim() !== '') types.add(type.trim().toLowerCase());
    else
      log.warn(
        `init: privacy.maskInputTypes entries must be input type names; ${JSON.stringify(String(type))} is ignored`,
      );
  }
  return types;
}

/**
 * Validate the privacy options into `PrivacyRules`. Bad values log one warning each and are
 * ignored; nothing throws. Unmask options given at `normal` are ignored with one warning.
 *
 * @example
 * ```ts
 * const rules = resolvePrivacyRules({ privacy: { maskingLevel: 'high', unmaskSelector: '.public' } }, log);
 * rules.unmaskSelector; // '.public'
 * ```
 */
export function resolvePrivacyRules(options: RecorderOptions, log: RecorderLog): PrivacyRules {
  const privacy: NonNullable<RecorderOptions['privacy']> = options.privacy ?? {};
  const level = readLevel(privacy.maskingLevel, log);
  const rules: PrivacyRules = {
    level,
    layoutPreserving: privacy.shouldUseLayoutPreservingMasking === true,
    blockClass: readClass(privacy.blockClass, 'blockClass', log),
    blockSelector: readSelector(privacy.blockSelector, 'blockSelector', log),
    ignoreClass: readClass(privacy.ignoreClass, 'ignoreClass', log),
    ignoreSelector: readSelector(privacy.ignoreSelector, 'ignoreSelector', log),
    maskTextClass: readClass(privacy.maskTextClass, 'maskTextClass', log),
    maskInputClass: readClass(privacy.maskInputClass, 'maskInputClass', log),
    maskSelector: readSelector(privacy.maskSelector, 'maskSelector', log),
    unmaskClasses: [],
    maskInputTypes: readInputTypes(privacy.maskInputTypes, log),
  };
  if (level === 'normal') {
    if (privacy.unmaskClass !== undefined || privacy.unmaskSelector !== undefined) {
      log.warn(
        'init: privacy.unmaskClass and privacy.unmaskSelector are ignored at maskingLevel "normal"; use "high" or "xhigh" to unmask parts of a masked page',
      );
    }
    return rules;
  }
  const unmaskClass = readClass(privacy.unmaskClass, 'unmaskClass', log);
  rules.unmaskClasses =
    unmaskClass === undefined ? [DEFAULT_CLASSES.unmask] : [DEFAULT_CLASSES.unmask, unmaskClass];
  rules.unmaskSelector = readSelector(privacy.unmaskSelector, 'unmaskSelector', log);
  return rules;
}
