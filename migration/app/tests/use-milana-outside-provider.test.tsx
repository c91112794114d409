// 1.0.x apps test that a component rendered without the provider fails loudly, by this phrase.
import { render } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { useMilana } from 'milana-js/react';

function Orphan() {
  useMilana();
  return null;
}

it('useMilana() outside a provider throws "useMilana must be used within a MilanaProvider"', () => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  expect(() => render(<Orphan />)).toThrow('useMilana must be used within a MilanaProvider');
  expect(() => render(<Orphan />)).toThrow(/useMilanaOptional/);
});
