/**
 * What the provider form can tell from an address alone: whether it carries a user name and password
 * (which Runnel refuses, offering to move them into an Authorization header), and whether plain http
 * would carry secrets across networks other people share.
 */

/** The address without its credentials, and those as an `Authorization: Basic` value. */
export function moveCredentialsToHeader(
  baseURL: string,
): { baseURL: string; authorization: string } | null {
  let url: URL;
  try {
    url = new URL(baseURL.trim());
  } catch {
    return null;
  }
  if (url.username === '' && url.password === '') return null;
  const decoded = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  };
  const bytes = new TextEncoder().encode(`${decoded(url.username)}:${decoded(url.password)}`);
  url.username = '';
  url.password = '';
  return {
    baseURL: url.toString().replace(/\/+$/, ''),
    authorization: `Basic ${btoa(String.fromCharCode(...bytes))}`,
  };
}

const ipv4 = (host: string): number[] | null => {
  const parts = host.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part))) return null;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : null;
};

const privateV4 = ([a = -1, b = -1]: number[]): boolean =>
  a === 127 || // loopback
  a === 10 ||
  (a === 172 && b >= 16 && b <= 31) ||
  (a === 192 && b === 168) ||
  (a === 169 && b === 254) || // link-local
  a === 0; // "this host": connects to the machine itself

const privateV6 = (host: string): boolean => {
  if (host === '::1') return true;
  // IPv4-mapped (`::ffff:7f00:1`, as the URL parser writes ::ffff:127.0.0.1).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) {
    const high = parseInt(mapped[1] ?? '', 16);
    const low = parseInt(mapped[2] ?? '', 16);
    return privateV4([high >> 8, high & 255, low >> 8, low & 255]);
  }
  const first = host.startsWith('::') ? 0 : parseInt(host.split(':')[0] ?? '', 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80; // unique local, link-local
};

/** Loopback, private networks (RFC 1918, fc00::/7), link-local, and `.local`/`.localhost` names. */
export function isLocalOrPrivateHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true;
  const v4 = ipv4(host);
  if (v4) return privateV4(v4);
  if (host.includes(':')) return privateV6(host);
  return false;
}

/** Plain http to a host outside this machine and the private network: anyone on the way can read it. */
export function isPlainHttpToRemoteHost(baseURL: string): boolean {
  try {
    const url = new URL(baseURL.trim());
    return url.protocol === 'http:' && !isLocalOrPrivateHost(url.hostname);
  } catch {
    return false;
  }
}
