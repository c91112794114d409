import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/http-error.js';
import { HEADER_CLIENT_KEY, HEADER_PRODUCT_ID } from '@milana-js/recorder/protocol';

/** The product and key a request authenticates with. */
export interface Credentials {
  productId: string;
  clientKey: string;
}

/** One `--allow prd_...:key_...` entry. */
export interface AllowEntry {
  productId: string;
  clientKey: string;
}

const PRODUCT_ID_LENGTH = 30;

/** Why a product id breaks the §19 format, or `undefined` when it is fine. */
export function productIdProblem(productId: string): string | undefined {
  if (!productId.startsWith('prd_')) return 'a product id must start with "prd_"';
  if (productId.length !== PRODUCT_ID_LENGTH) {
    return `a product id must be exactly ${PRODUCT_ID_LENGTH} characters ("prd_" + 26), got ${productId.length}`;
  }
  return undefined;
}

/** Why a client key breaks the §19 format, or `undefined` when it is fine. */
export function clientKeyProblem(clientKey: string): string | undefined {
  return clientKey.startsWith('key_') ? undefined : 'a client key must start with "key_"';
}

/** Parses `prd_...:key_...`; throws with the rule that failed, for option and flag checks. */
export function parseAllowEntry(text: string): AllowEntry {
  const colon = text.indexOf(':');
  if (colon < 0) throw new Error(`allow-list entry "${text}" must look like prd_...:key_...`);
  const productId = text.slice(0, colon);
  const clientKey = text.slice(colon + 1);
  const problem = productIdProblem(productId) ?? clientKeyProblem(clientKey);
  if (problem) throw new Error(`allow-list entry "${text}": ${problem}`);
  return { productId, clientKey };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Checks the product id and client key headers (§19), then the optional allow-list.
 * An empty allow-list accepts every well-formed pair, so the server works with no setup.
 */
export function checkCredentials(
  req: IncomingMessage,
  allowList: readonly AllowEntry[],
): Credentials {
  const productId = header(req, HEADER_PRODUCT_ID.toLowerCase());
  const clientKey = header(req, HEADER_CLIENT_KEY.toLowerCase());
  if (productId === undefined || clientKey === undefined) {
    throw new HttpError(
      401,
      'MISSING_CREDENTIALS',
      'X-Milana-Product-Id and X-Milana-Client-Key headers are required',
      {
        shouldRestartSession: false,
      },
    );
  }
  const problem = productIdProblem(productId) ?? clientKeyProblem(clientKey);
  if (problem) {
    throw new HttpError(401, 'INVALID_CREDENTIALS', problem, { shouldRestartSession: false });
  }
  if (
    allowList.length > 0 &&
    !allowList.some((e) => e.productId === productId && e.clientKey === clientKey)
  ) {
    throw new HttpError(
      403,
      'CREDENTIALS_NOT_ALLOWED',
      `product ${productId} with this client key is not on the allow-list`,
      {
        shouldRestartSession: false,
      },
    );
  }
  return { productId, clientKey };
}
