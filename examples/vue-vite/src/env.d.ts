/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_MILANA_ENDPOINT?: string;
}

// What a `.vue` import is for tools that read `.ts` files with plain TypeScript (the type-aware
// lint); vue-tsc resolves the real `.vue` file first and never falls back to this.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
