export type { PluginContext, PluginDeps, PluginTeardown } from './context.js';
export { startPlugins } from './start-plugins.js';
export { CLICK_MODIFIER_PLUGIN } from './click-modifier.js';
export { CLIPBOARD_PLUGIN } from './clipboard.js';
export { CONTENTEDITABLE_PLUGIN } from './contenteditable.js';
export { DOWNLOAD_PLUGIN } from './download.js';
export { SCROLL_DEPTH_PLUGIN } from './scroll-depth.js';
