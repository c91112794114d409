import { describeDemoFlow } from '../src/demo-suite.js';

describeDemoFlow('react-vite', { showsState: true, homePath: '/', accountPath: '/account' });
