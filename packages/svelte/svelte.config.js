// Read by svelte-check and the Vite plugin: TypeScript in <script lang="ts"> needs no preprocessor in Svelte 5.
export default {};
