// The computation API of one snipcell server: start cells and interact updates, stream their messages.
// Works from the site's own pages and from other sites (the API answers CORS; no cookies are sent there).

/** The server that serves this module: its root, derived from this file's URL (…/static/js/computation.js). */
export const MODULE_SERVER = new URL("../../", import.meta.url).href;

const WAIT_SECONDS = 25;
const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

/** An error answered by the API, with its slug and sentence (API.md's error JSON). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason ?? new DOMException("Aborted", "AbortError"));
    }, { once: true });
  });
}

function isTransient(error) {
  return error instanceof TypeError || (error instanceof ApiError && (error.status >= 500 || error.status === 429));
}

export class ComputationClient {
  /** @param {string} serverUrl the site's root URL, e.g. "https://snipcell.example/" */
  constructor(serverUrl = MODULE_SERVER) {
    this.server = new URL(serverUrl, document.baseURI);
  }

  /** An absolute URL on the server for a path such as "/files/<id>/plot.png". */
  url(path) {
    return new URL(path, this.server).href;
  }

  get sameOrigin() {
    return this.server.origin === window.location.origin;
  }

  /** JSON headers; the CSRF token only towards our own origin (a foreign page's token means nothing to us). */
  headers() {
    const headers = { "Content-Type": "application/json" };
    const token = this.sameOrigin && document.querySelector('meta[name="csrf-token"]')?.content;
    if (token) headers["X-CSRF-Token"] = token;
    return headers;
  }

  async request(path, init = {}) {
    const response = await fetch(this.url(path), { ...init, credentials: "same-origin" });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) {
      const error = body?.error ?? {};
      throw new ApiError(response.status, error.code ?? "http_error", error.message ?? `The server answered ${response.status}.`);
    }
    return body;
  }

  post(path, data, signal) {
    return this.request(path, { method: "POST", headers: this.headers(), body: JSON.stringify(data), signal });
  }

  /** Queue a cell; resolves to the computation id. */
  async start({ code, snippet, rev }, signal) {
    const data = { code };
    if (snippet) data.snippet = snippet;
    if (snippet && rev) data.rev = rev;
    return (await this.post("api/v1/computations", data, signal)).id;
  }

  /** Queue a re-run of one interact of the live session ``sessionId``; resolves to the new computation id. */
  async updateInteract(sessionId, interactId, values, signal) {
    const path = `api/v1/computations/${encodeURIComponent(sessionId)}/interacts/${encodeURIComponent(interactId)}`;
    return (await this.post(path, { values }, signal)).id;
  }

  /** Every message of computation ``id`` once, in order, by long-polling until the server says done. */
  async *messages(id, signal) {
    let after = 0;
    let failures = 0;
    for (;;) {
      let page;
      try {
        page = await this.request(
          `api/v1/computations/${encodeURIComponent(id)}/messages?after=${after}&wait=${WAIT_SECONDS}`,
          { signal },
        );
        failures = 0;
      } catch (error) {
        if (signal?.aborted || !isTransient(error) || failures >= RETRY_DELAYS_MS.length) throw error;
        await sleep(RETRY_DELAYS_MS[failures++], signal);
        continue;
      }
      for (const message of page.messages) {
        if (message.seq <= after) continue;
        after = message.seq;
        yield message;
      }
      if (page.done) return;
    }
  }
}
