/**
 * The protocol's failure answer: `{ success: false, errorCode, error }`, plus
 * `shouldRestartSession` when the client should discard its session.
 */
export interface FailureBody {
  success: false;
  errorCode: string;
  error: string;
  shouldRestartSession?: boolean;
  sessionId?: string;
}

/**
 * A request that cannot be served. Thrown inside request handlers and turned into a JSON
 * answer by the router, so one bad request can never take the server down.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly errorCode: string;
  readonly shouldRestartSession: boolean | undefined;
  readonly sessionId: string | undefined;

  constructor(
    status: number,
    errorCode: string,
    message: string,
    extra: { shouldRestartSession?: boolean; sessionId?: string } = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.errorCode = errorCode;
    this.shouldRestartSession = extra.shouldRestartSession;
    this.sessionId = extra.sessionId;
  }

  /** The JSON body sent to the client. */
  toBody(): FailureBody {
    const body: FailureBody = { success: false, errorCode: this.errorCode, error: this.message };
    if (this.shouldRestartSession !== undefined)
      body.shouldRestartSession = this.shouldRestartSession;
    if (this.sessionId !== undefined) body.sessionId = this.sessionId;
    return body;
  }
}

/** A 400 for a body that does not follow the protocol; never asks for a restart. */
export function badRequest(message: string): HttpError {
  return new HttpError(400, 'BAD_REQUEST', message, { shouldRestartSession: false });
}
