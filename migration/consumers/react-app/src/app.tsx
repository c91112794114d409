// A React-only app (milana-js, react, @types/react, typescript; no vue, no svelte): the root
// entry, the React bindings and the React testing mock, with the 1.0.x type names.
import { MilanaProvider, useMilana, useMilanaOptional, useMilanaState } from 'milana-js/react';
import {
  createMockMilana,
  MockMilanaProvider,
  type MockMilanaCall,
  type MockMilanaInstance,
  type MockMilanaProviderProps,
} from 'milana-js/testing';
import type { PublicInitOptions, TrackEventAttributeValue } from 'milana-js';

const options: PublicInitOptions = { privacy: { maskingLevel: 'high' } };

function Checkout() {
  const { isInitialized, trackEvent, identify } = useMilana();
  const optional = useMilanaOptional();
  const status = useMilanaState((state) => state.status);
  const seats: TrackEventAttributeValue = 3;
  return (
    <button
      disabled={!isInitialized || !optional}
      onClick={() => {
        void identify({ userId: 'u_1', email: 'a@example.org' });
        trackEvent('checkout', { seats });
      }}
    >
      {status}
    </button>
  );
}

export function App() {
  return (
    <MilanaProvider
      productId="prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC"
      clientKey="key_pub_5c1a77"
      sessionInfo={{ environment: 'production', version: '4.2.0' }}
      options={options}
    >
      <Checkout />
    </MilanaProvider>
  );
}

export function TestHarness() {
  const mock: MockMilanaInstance = createMockMilana();
  const props: MockMilanaProviderProps = { mock, children: <Checkout /> };
  const calls: MockMilanaCall[] = mock.calls;
  const first = calls[0];
  // The entries discriminate on `method`: trackEvent's args name the event.
  const name = first?.method === 'trackEvent' ? first.args.eventName : undefined;
  const updates: string[] = mock.getUpdateCalls().map((call) => call.method);
  return (
    <MockMilanaProvider {...props}>
      {name}
      {updates.join()}
    </MockMilanaProvider>
  );
}
