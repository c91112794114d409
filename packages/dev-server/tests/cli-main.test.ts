import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli-main.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('runCli', () => {
  it('starts the server and prints the ingest endpoint and the inspector URL', async () => {
    const { io, out } = capture();
    const server = await runCli(['--memory', '--port', '0', '--quiet'], io);
    try {
      expect(server).toBeDefined();
      const text = out.join('\n');
      expect(text).toContain(`Ingest endpoint: ${server!.endpoint}`);
      expect(text).toContain(`Inspector:       ${server!.url}/`);
      expect(text).toContain('in memory');
      expect((await fetch(`${server!.url}/api/health`)).status).toBe(200);
    } finally {
      await server?.close();
    }
  });

  it('prints usage for --help and starts nothing', async () => {
    const { io, out } = capture();
    expect(await runCli(['--help'], io)).toBeUndefined();
    expect(out.join('\n')).toContain('--sample-rate <0..1>');
  });

  it('reports a bad flag on stderr with exit code 2', async () => {
    const { io, err } = capture();
    expect(await runCli(['--latency', 'soon'], io)).toBeUndefined();
    expect(err).toEqual(['milana-dev: --latency must be a number, got "soon"']);
    expect(process.exitCode).toBe(2);
  });

  it('explains a port that is already in use with exit code 1', async () => {
    const first = capture();
    const server = await runCli(['--memory', '--port', '0', '--quiet'], first.io);
    try {
      const second = capture();
      expect(
        await runCli(['--memory', '--port', String(server!.port), '--quiet'], second.io),
      ).toBeUndefined();
      expect(second.err[0]).toContain('port is already in use');
      expect(process.exitCode).toBe(1);
    } finally {
      await server?.close();
    }
  });
});
