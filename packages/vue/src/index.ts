export { MilanaPlugin, type MilanaPluginOptions } from './plugin';
export { useMilana, type UseMilana } from './use-milana';
export { MilanaInjectionKey, type MilanaInjection } from './injection';
export type {
  InitOptions,
  MilanaClient,
  MilanaState,
  Result,
  SessionInfo,
  IdentifyInput,
  UserUpdate,
  SessionUpdate,
  UpdatePayload,
  TrackEventAttributes,
} from '@milana-js/core';
