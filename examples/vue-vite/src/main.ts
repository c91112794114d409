import { MilanaPlugin } from 'milana-js/vue';
import { createApp } from 'vue';
import App from './App.vue';
import { CLIENT_KEY, MILANA_OPTIONS, PRODUCT_ID, SESSION_INFO } from './milana-config';
import { router } from './router';

// The plugin starts the page's session once the app is mounted.
createApp(App)
  .use(router)
  .use(MilanaPlugin, {
    productId: PRODUCT_ID,
    clientKey: CLIENT_KEY,
    sessionInfo: SESSION_INFO,
    options: MILANA_OPTIONS,
  })
  .mount('#app');
