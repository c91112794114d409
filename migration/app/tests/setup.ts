import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// What a 1.0.x app's vitest setup file does: unmount what each test rendered.
afterEach(() => cleanup());
