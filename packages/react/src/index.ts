export { MilanaContext, type MilanaContextValue } from './context';
export { MilanaProvider, type MilanaProviderProps } from './provider';
export { useMilana, useMilanaOptional, useMilanaState } from './use-milana';
export { useMilanaBridge } from './use-milana-bridge';
export type { InitOptions, MilanaClient, MilanaState, Result, SessionInfo } from '@milana-js/core';
