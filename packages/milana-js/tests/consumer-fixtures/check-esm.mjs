// Imports every subpath from Node ESM with the guard armed, then calls the core once.
const subpaths = JSON.parse(process.argv[2]);
const guard = globalThis.__milanaGuard;
const found = {};
for (const subpath of subpaths) found[subpath] = Object.keys(await import(subpath)).sort();
guard.armed = false;
const milana = await import('milana-js');
const outcomes = await Promise.all([
  milana.init('prd_01HZX3K9V2M7Q8R4T6Y1W5N0BC', 'key_test', {
    environment: 'node',
    version: '1.0.0',
  }),
  milana.identify({ userId: 'u_1', email: 'dana@example.org' }),
  milana.updateSession({ metadata: { from: 'node' } }),
]);
console.log(JSON.stringify({ touched: guard.touched, exports: found, outcomes }));
