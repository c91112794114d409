import { createRouter, createWebHistory } from 'vue-router';
import AccountPage from './pages/AccountPage.vue';
import HomePage from './pages/HomePage.vue';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', component: HomePage },
    { path: '/account', component: AccountPage },
  ],
});
