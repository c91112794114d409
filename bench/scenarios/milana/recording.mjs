// milana-js records whenever the server samples the session, so the recording path is the
// identity path; the recorder arrives as a lazy chunk.
export { init, identify, updateMeta } from './identity.mjs';
