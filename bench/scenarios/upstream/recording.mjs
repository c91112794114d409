// milana-js 1.0.16 records whenever the server samples the session, so the recording path is the
// identity path; 1.0.16 bundles rrweb into its main module.
export { init, identify, updateMeta } from './identity.mjs';
