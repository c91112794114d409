// No SDK while the page mutates: the cost of the mutations themselves.
export { init, identify, updateMeta } from './identity.mjs';
