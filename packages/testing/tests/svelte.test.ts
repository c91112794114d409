import { get } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import { createMockMilana, createMockMilanaStore } from '../src/svelte';

describe('createMockMilanaStore', () => {
  it('is a Milana store that starts initialized and records every call in the mock', async () => {
    const mock = createMockMilana();
    const milana = createMockMilanaStore(mock);
    expect(get(milana).isInitialized).toBe(true);
    expect(await milana.updateSession({ metadata: { step: 'pay' } })).toEqual({ success: true });
    milana.trackEvent('paid');
    expect(mock.calls.map((c) => c.method)).toEqual(['updateSession', 'trackEvent']);
    expect(get(milana).state.session?.metadata).toEqual({ step: 'pay' });
  });

  it('notifies subscribers on stopRecording and initialize', async () => {
    const mock = createMockMilana();
    const milana = createMockMilanaStore(mock);
    const seen: boolean[] = [];
    const unsubscribe = milana.subscribe((value) => void seen.push(value.isInitialized));
    await milana.stopRecording();
    await milana.initialize();
    unsubscribe();
    expect(seen).toEqual([true, false, true]);
    expect(milana.current.state.status).toBe('recording');
    expect(mock.calls.map((c) => c.method)).toEqual(['stopRecording', 'initialize']);
  });

  it('creates its own mock when none is passed', () => {
    const milana = createMockMilanaStore();
    milana.trackEvent('alone');
    expect(
      (milana.client as ReturnType<typeof createMockMilana>).getEventCalls('alone'),
    ).toHaveLength(1);
  });
});
