import type { IncomingMessage } from 'node:http';
import type { Faults } from '../faults.js';
import type { BodyBudget } from '../http/read-body.js';
import type { LiveHub } from '../live.js';
import type { DevStore } from '../store/dev-store.js';
import type { ClientInfo } from '../store/records.js';
import type { AllowEntry, Credentials } from './credentials.js';
import {
  HEADER_CALLER_TYPE,
  HEADER_CLIENT_GIT_HASH,
  HEADER_CLIENT_VERSION,
  HEADER_LOCALE,
  HEADER_REFERRER,
  HEADER_TIME_ZONE,
} from '@milana-js/recorder/protocol';

/** Everything an ingest handler needs; built once per server. */
export interface IngestContext {
  store: DevStore;
  faults: Faults;
  live: LiveHub;
  allowList: readonly AllowEntry[];
  sampleRate: number;
  closedSessionGraceMs: number;
  random: () => number;
  now: () => number;
  log: (line: string) => void;
  /** Page origins accepted by ingest; empty accepts any. */
  allowOrigins: readonly string[];
  /** Request body bytes held in memory, shared by all requests. */
  bodyBudget: BodyBudget;
}

/** One parsed ingest request, handed to the endpoint handler. */
export interface IngestRequest {
  req: IncomingMessage;
  credentials: Credentials;
  /** The `X-Milana-Session-Id` header, if sent. */
  sessionIdHeader: string | undefined;
  /** Exact body text (after gunzip). */
  text: string;
  gzip: boolean;
  receivedAt: number;
  /** The `X-Milana-*` request headers, kept with the stored request. */
  headers: Record<string, string>;
}

/** What a handler answers. */
export interface IngestAnswer {
  status: number;
  body: unknown;
}

/** Collects the `X-Milana-*` headers plus the content headers, for storing with a request. */
export function protocolHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value !== 'string') continue;
    if (
      name.startsWith('x-milana-') ||
      name === 'content-type' ||
      name === 'content-encoding' ||
      name === 'origin'
    ) {
      out[name] = value;
    }
  }
  return out;
}

/** Client facts from the `/session` request headers. */
export function clientInfo(headers: Record<string, string>): ClientInfo {
  return {
    callerType: headers[HEADER_CALLER_TYPE.toLowerCase()] ?? null,
    clientVersion: headers[HEADER_CLIENT_VERSION.toLowerCase()] ?? null,
    clientGitHash: headers[HEADER_CLIENT_GIT_HASH.toLowerCase()] ?? null,
    timeZone: headers[HEADER_TIME_ZONE.toLowerCase()] ?? null,
    locale: headers[HEADER_LOCALE.toLowerCase()] ?? null,
    referrer: headers[HEADER_REFERRER.toLowerCase()] ?? null,
  };
}
