import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args.js';

describe('parseCliArgs', () => {
  it('maps every flag onto a server option', () => {
    const command = parseCliArgs([
      '--port',
      '0',
      '--host',
      '0.0.0.0',
      '--db',
      'x.sqlite',
      '--memory',
      '--sample-rate=0.5',
      '--fail-rate',
      '0.1',
      '--latency',
      '250',
      '--drop-rate',
      '0.2',
      '--quiet',
      '--allow',
      'prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC:key_a',
      '--allow',
      'prd_01HZX3K9V2M7Q8R4T6Y1W5N0ZZ:key_b',
    ]);
    expect(command).toEqual({
      kind: 'start',
      options: {
        port: 0,
        host: '0.0.0.0',
        dbFile: 'x.sqlite',
        memory: true,
        sampleRate: 0.5,
        failRate: 0.1,
        latencyMs: 250,
        dropRate: 0.2,
        quiet: true,
        allowList: ['prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC:key_a', 'prd_01HZX3K9V2M7Q8R4T6Y1W5N0ZZ:key_b'],
      },
    });
  });

  it('recognises help and version', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-v'])).toEqual({ kind: 'version' });
  });

  it('refuses a numeric flag with a non-number, naming the flag', () => {
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow('--port must be a number, got "abc"');
  });

  it('refuses a flag with no value and an unknown flag', () => {
    expect(() => parseCliArgs(['--db'])).toThrow('--db needs a value');
    expect(() => parseCliArgs(['--colour'])).toThrow('unknown option --colour');
  });
});
