// Installed as node_modules/@milana-js/guard-probe: reads `window` the way an unguarded SDK
// would, to prove that the guard notices such a read.
module.exports = typeof window === 'undefined' ? 'no window' : 'window';
