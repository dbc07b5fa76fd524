// Calls to the API: bearer tokens in headers (never in URLs), one refresh at a time.

// The access token lives in memory only; the refresh token survives a reload of this tab.
const tokens = { access: null, refresh: sessionStorage.getItem("refreshToken") };
let refreshing = null;

export class ApiError extends Error {
  constructor(status, problem) {
    const fields = (problem.errors || []).map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
    super([problem.detail || problem.title || `Request failed (${status})`, ...fields].join(" "));
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
        forgetTokens();
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
  if (response.status === 401 && tokens.refresh && !path.startsWith("/api/auth/")) {
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

export async function signOut() {
  try {
    if (tokens.access || tokens.refresh) await call("POST", "/api/auth/logout");
  } finally {
    forgetTokens();
  }
}
