/** The parts of the dev server's `/api/` answers the suite reads. */
export interface ApiSession {
  id: string;
  userId: string | null;
  sampled: boolean;
  closed: boolean;
  closeReason: string | null;
  resumeCount: number;
  metadata: Record<string, unknown>;
  user: {
    userId: string;
    email: string | null;
    name: string | null;
    metadata: Record<string, unknown>;
  } | null;
  client: { callerType: string | null };
}

export interface TimelineEntry {
  timestamp: number;
  kind: string;
  name: string;
  data: { attributes?: Record<string, unknown> } & Record<string, unknown>;
}

export interface StoredRequest {
  endpoint: string;
  status: number;
  body: string;
}

/** A small client for the dev server's JSON API (`GET /api/...`, `DELETE /api/data`). */
export class DevServerApi {
  constructor(private readonly baseUrl: string) {}

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api${path}`);
    if (!response.ok) throw new Error(`GET /api${path} answered ${response.status}`);
    return (await response.json()) as T;
  }

  async sessions(): Promise<{ id: string }[]> {
    return (await this.get<{ sessions: { id: string }[] }>('/sessions')).sessions;
  }

  session(id: string): Promise<ApiSession> {
    return this.get<ApiSession>(`/sessions/${encodeURIComponent(id)}`);
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    return (
      await this.get<{ timeline: TimelineEntry[] }>(`/sessions/${encodeURIComponent(id)}/timeline`)
    ).timeline;
  }

  async requests(id: string): Promise<StoredRequest[]> {
    return (
      await this.get<{ requests: StoredRequest[] }>(`/sessions/${encodeURIComponent(id)}/requests`)
    ).requests;
  }

  /** Forgets every session, so each example starts from an empty store. */
  async reset(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/data`, { method: 'DELETE' });
    if (!response.ok) throw new Error(`DELETE /api/data answered ${response.status}`);
  }

  /**
   * Polls until `probe` returns a value (not undefined). The browser sends on its own schedule,
   * so the suite waits for what it expects instead of sleeping; `what` names it on timeout.
   */
  async waitFor<T>(
    what: string,
    probe: () => Promise<T | undefined>,
    timeoutMs = 20_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        const value = await probe();
        if (value !== undefined) return value;
      } catch (error) {
        lastError = error;
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error(
      `timed out waiting for ${what}${lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)})` : ''}`,
    );
  }
}
