import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  // `dist/` rather than the default `build/`: the repo's ignore rules already cover it.
  kit: { adapter: adapter({ out: 'dist' }) },
};

export default config;
