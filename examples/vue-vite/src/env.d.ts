/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_MILANA_ENDPOINT?: string;
}
