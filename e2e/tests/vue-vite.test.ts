import { describeDemoFlow } from '../src/demo-suite.js';

describeDemoFlow('vue-vite', { showsState: true, homePath: '/', accountPath: '/account' });
