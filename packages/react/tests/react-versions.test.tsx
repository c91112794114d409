import { useState, version } from 'react';
import { version as domVersion } from 'react-dom';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

afterEach(cleanup);

// Guards the two vitest projects: each must really run on its React, with one copy in the process.
describe('the React under test', () => {
  it('is the major version this project is named after, for react and react-dom', () => {
    const major = process.env.MILANA_REACT_MAJOR;
    expect(major).toMatch(/^(18|19)$/);
    expect(version.split('.')[0]).toBe(major);
    expect(domVersion.split('.')[0]).toBe(major);
  });

  it('is the same copy Testing Library renders with, so hooks work', () => {
    function Counter() {
      const [count] = useState(41);
      return <p data-testid="count">{count + 1}</p>;
    }
    render(<Counter />);
    expect(screen.getByTestId('count').textContent).toBe('42');
  });
});
