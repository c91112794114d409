// A minimal static file server for dist/ (any static host works the same way).
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), 'dist');
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.map': 'application/json',
};
const port = Number(process.env.PORT || 4810);
const host = process.env.HOST || '127.0.0.1';

createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const file = join(root, normalize(path === '/' ? '/index.html' : path));
  let found = false;
  try {
    found = file.startsWith(root) && statSync(file).isFile();
  } catch {
    found = false;
  }
  if (!found) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}).listen(port, host, () => console.log(`script-tag example on http://${host}:${port}/`));
