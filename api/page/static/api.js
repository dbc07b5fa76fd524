// Calls to the API: bearer tokens in headers (never in URLs), one refresh at a time.

// The access token lives in memory only; the refresh token survives a reload of this tab.
const tokens = { access: null, refresh: sessionStorage.getItem("refreshToken") };
let refreshing = null;

// Sessions end for these answers of the refresh endpoint only; an outage keeps the tokens.
const REFUSED = new Set([400, 401, 403]);
// Calls that are not retried after a refresh: they are how a session starts or renews.
const NO_RETRY = ["/api/auth/login", "/api/auth/register", "/api/auth/refresh-token"];

export class ApiError extends Error {
  constructor(status, problem) {
    // The field errors say it precisely; `detail` repeats them, so it is the fallback.
    const fields = (problem.errors || []).map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
    super(fields.length ? fields.join(" ") : problem.detail || problem.title || `Request failed (${status})`);
    this.status = status;
    this.problem = problem;
  }
}

export function keepTokens(body) {
  tokens.access = body.accessToken;
  tokens.refresh = body.refreshToken;
  sessionStorage.setItem("refreshToken", body.refreshToken);
}

export function forgetTokens() {
  tokens.access = null;
  tokens.refresh = null;
  sessionStorage.removeItem("refreshToken");
}

export function hasSession() {
  return Boolean(tokens.access || tokens.refresh);
}

async function refreshOnce() {
  // Refresh tokens rotate: two refreshes with the same token would revoke the session.
  refreshing ??= (async () => {
    try {
      const response = await fetch("/api/auth/refresh-token", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refreshToken: tokens.refresh }),
      });
      if (!response.ok) {
        if (REFUSED.has(response.status)) forgetTokens();
        return false;
      }
      keepTokens(await response.json());
      return true;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

function send(method, path, { json, form, accept }) {
  const headers = { Accept: accept || "application/json" };
  if (tokens.access) headers.Authorization = `Bearer ${tokens.access}`;
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  }
  return fetch(path, { method, headers, body });
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return { title: response.statusText };
  }
}

/** The raw response of a call, refreshing the access token once if it has expired. */
export async function call(method, path, options = {}) {
  if (!tokens.access && tokens.refresh) await refreshOnce();
  let response = await send(method, path, options);
  if (response.status === 401 && tokens.refresh && !NO_RETRY.includes(path)) {
    if (await refreshOnce()) response = await send(method, path, options);
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return response;
}

/** The JSON body of a call (null for 204). */
export async function api(method, path, options = {}) {
  const response = await call(method, path, options);
  return response.status === 204 ? null : response.json();
}

/** Sign in with the register or login body. */
export async function signIn(path, body) {
  forgetTokens();
  const session = await api("POST", path, { json: body });
  keepTokens(session);
  return session.user;
}

/** Revoke the session on the server (best effort: the tokens are forgotten here anyway). */
export async function signOut() {
  try {
    if (tokens.access || tokens.refresh) await call("POST", "/api/auth/logout");
  } catch {
    // Already expired or the API is down: nothing more to revoke from here.
  } finally {
    forgetTokens();
  }
}
