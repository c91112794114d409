import { runCli } from './cli-main.js';

// The `milana-dev` binary: start the server, and close it cleanly on Ctrl-C so SQLite's WAL is
// checkpointed and the port is freed.
void runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
}).then((server) => {
  if (!server) return;
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
