import { networkInterfaces } from 'node:os';

/** True for names and addresses that only reach this machine. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' ||
    h === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(h) ||
    /^::ffff:127\.\d+\.\d+\.\d+$/.test(h)
  );
}

/** True for `0.0.0.0` and `::`, which bind every interface. */
export function isWildcard(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === '0.0.0.0' || h === '::' || h === '0:0:0:0:0:0:0:0';
}

/** The host part of a `Host` header (`[::1]:8790` -> `::1`, `Example.org:80` -> `example.org`). */
function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.lastIndexOf(':');
  return (colon >= 0 ? h.slice(0, colon) : h).replace(/\.$/, '');
}

/**
 * Decides which `Host` headers may reach the inspector and the JSON API. A web page on a name
 * that its DNS points at 127.0.0.1 (DNS rebinding) sends its own name as `Host`, so only names
 * that cannot be rebound pass: the loopback names, the bound host and, when every interface is
 * bound, this machine's own addresses (IP literals need no DNS).
 */
export function hostChecker(boundHost: string): (header: string | undefined) => boolean {
  const allowed = new Set<string>([boundHost.toLowerCase().replace(/^\[|\]$/g, '')]);
  if (isWildcard(boundHost)) {
    for (const list of Object.values(networkInterfaces()))
      for (const info of list ?? []) allowed.add(info.address.toLowerCase());
  }
  return (header) => {
    if (header === undefined || header === '') return false;
    const name = hostName(header);
    return isLoopback(name) || allowed.has(name);
  };
}
