import { describeDemoFlow } from '../src/demo-suite.js';

describeDemoFlow('vanilla', { showsState: true, homePath: '/', accountPath: '/account' });
