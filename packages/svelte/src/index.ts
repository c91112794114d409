export { createMilana, type MilanaStoreConfig } from './create-milana';
export { createMilanaBridge, type MilanaStore, type MilanaStoreValue } from './store';
export { getMilana, setMilanaContext } from './context';
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
