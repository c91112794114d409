/**
 * What the bench measures for each SDK: which scenario files hold its calls, which framework
 * entries it has, and why a measurement is n/a. Everything else in the bench is generic.
 *
 * Scenario files live in `bench/scenarios/<id>/` and export `init(cfg)`, `identify()` and
 * `updateMeta(i)`; `identity.mjs` is the identity path, `recording.mjs` the same calls with
 * session recording on.
 */

/** Framework runtimes an app already has; an entry's cost is measured without them. */
export const FRAMEWORK_EXTERNALS = [
  'react',
  'react-dom',
  'react/jsx-runtime',
  'vue',
  'svelte',
  'svelte/*',
];

/**
 * @typedef {object} SdkSpec
 * @property {string} id short id, also the scenario folder
 * @property {string} label name printed in tables
 * @property {string | null} pkg package (as installed in bench/node_modules) whose version is printed
 * @property {boolean} sizes whether the size table has a row for it
 * @property {string | null} noRecording why it has no recording run (null when it records)
 * @property {{ name: string, code: string }[]} frameworks entries bundled with the framework external
 * @property {string | null} noFrameworks why no framework entry is measured
 * @property {string[]} scriptTag files (relative to bench/node_modules) an app loads with a script tag
 * @property {string | null} remoteScripts folder (in bench/node_modules) of the script files the SDK
 *   fetches at run time; the collector serves them, and the size table counts those a page loaded
 * @property {string | null} [lazyAtInit] why its lazy chunks count in the identity path (they load
 *   during init, not on demand)
 */

/** @type {SdkSpec[]} */
export const SDKS = [
  {
    id: 'milana',
    label: 'milana-js (this repo)',
    pkg: 'milana-js',
    sizes: true,
    noRecording: null,
    frameworks: [
      { name: 'react', code: "export { MilanaProvider, useMilana } from 'milana-js/react';" },
      { name: 'vue', code: "export { MilanaPlugin, useMilana } from 'milana-js/vue';" },
      {
        name: 'svelte',
        code: "export { createMilana, getMilana, setMilanaContext } from 'milana-js/svelte';",
      },
    ],
    noFrameworks: null,
    scriptTag: ['milana-js/dist/milana.js', 'milana-js/dist/milana-recorder.js'],
    remoteScripts: null,
  },
  {
    id: 'upstream',
    label: 'milana-js 1.0.16 (npm)',
    pkg: 'milana-js-upstream',
    sizes: true,
    noRecording: null,
    frameworks: [
      {
        name: 'react',
        code: "export { MilanaProvider, useMilana } from 'milana-js-upstream/react';",
      },
    ],
    noFrameworks: '1.0.16 has no Vue or Svelte entry',
    scriptTag: [],
    remoteScripts: null,
  },
  {
    id: 'posthog',
    label: 'posthog-js',
    pkg: 'posthog-js',
    sizes: true,
    noRecording: null,
    frameworks: [
      { name: 'react', code: "export { PostHogProvider, usePostHog } from 'posthog-js/react';" },
    ],
    noFrameworks: 'posthog-js ships a React entry only; Vue/Svelte use the core package',
    scriptTag: [],
    remoteScripts: 'posthog-js/dist',
  },
  {
    id: 'segment',
    label: '@segment/analytics-next',
    pkg: '@segment/analytics-next',
    sizes: true,
    noRecording: 'no session recording',
    lazyAtInit: 'AnalyticsBrowser.load() imports its core as lazy chunks right away',
    frameworks: [],
    noFrameworks: 'no framework entries',
    scriptTag: [],
    remoteScripts: null,
  },
  {
    id: 'amplitude',
    label: '@amplitude/analytics-browser',
    pkg: '@amplitude/analytics-browser',
    sizes: true,
    noRecording:
      'session replay is a separate package (@amplitude/plugin-session-replay-browser), not installed',
    frameworks: [],
    noFrameworks: 'no framework entries in this package',
    scriptTag: [],
    remoteScripts: null,
  },
  {
    id: 'datadog',
    label: '@datadog/browser-rum',
    pkg: '@datadog/browser-rum',
    sizes: true,
    noRecording: null,
    frameworks: [],
    noFrameworks:
      'framework integrations are separate packages (@datadog/browser-rum-react), not installed',
    scriptTag: [],
    remoteScripts: null,
  },
  {
    id: 'sentry',
    label: '@sentry/browser',
    pkg: '@sentry/browser',
    sizes: true,
    noRecording: null,
    frameworks: [],
    noFrameworks:
      'framework SDKs are separate packages (@sentry/react, @sentry/vue, @sentry/svelte), not installed',
    scriptTag: [],
    remoteScripts: null,
  },
  {
    id: 'baseline',
    label: 'no SDK (baseline)',
    pkg: null,
    sizes: false,
    noRecording: null,
    frameworks: [],
    noFrameworks: null,
    scriptTag: [],
    remoteScripts: null,
  },
];

/** The SDK every ratio is taken against. */
export const REFERENCE_ID = 'upstream';
