// Every request of the page goes through api(): one place for JSON bodies, error messages and the end of a
// session. It knows nothing of the page's elements; whoever shows the sign-in listens with onSignedOut.

/**
 * A refused request: the server's problem details as one readable message, the HTTP status, the problem body itself
 * (a view may show its errors per field) and Retry-After in seconds, if the server sent one.
 */
export class ApiError extends Error {
  constructor(message, status, problem = {}, retryAfter = null) {
    super(message);
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

const session = new EventTarget();

// The session's anti-forgery token: the server answers it on sign-in and with the session, and wants it back with
// every change made with the cookie, which a page of another site cannot read and so cannot send.
let csrfToken = null;

/** Calls listener on every 401: the session has ended (expired, signed out elsewhere) or never began. */
export const onSignedOut = (listener) => session.addEventListener("signedout", listener);

/** Fetches path on this origin; resolves to the JSON answer (null for 204), rejects with an ApiError. */
export async function api(path, options = {}) {
  const method = (options.method ?? "GET").toUpperCase();
  const headers = {
    ...(typeof options.body === "string" ? { "Content-Type": "application/json" } : {}),
    ...(method !== "GET" && method !== "HEAD" && csrfToken ? { "X-CSRF-TOKEN": csrfToken } : {}),
    ...options.headers,
  };
  const response = await fetch(path, { credentials: "same-origin", ...options, headers });
  if (response.status === 401) { remember(null); session.dispatchEvent(new Event("signedout")); }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const fields = Object.entries(problem.errors ?? {}).map(([field, messages]) => `${field} ${messages.join(" ")}`);
    const retryAfter = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
    throw new ApiError(fields.join(" ") || problem.detail || problem.title || `HTTP ${response.status}`, response.status, problem,
      Number.isNaN(retryAfter) ? null : retryAfter);
  }
  return response.status === 204 ? null : response.json();
}

// Who is signed in: the session answer, { userName (null for the admin key), displayName, role, language, timeZone }.
let current = null;
const ranks = { viewer: 1, agent: 2, admin: 3 };

/** The session answer of whoever is signed in, or null. */
export const signedInAs = () => current;

/**
 * Whether the signed-in person may use what needs: a role (viewer, agent or admin; each includes the ones before it)
 * or "person" (signed in as a person, not with the admin key). The page only hides what one may not use; the
 * server refuses it anyway.
 */
export const may = (needs) => (needs === "person" ? current?.userName != null : (ranks[current?.role] ?? 0) >= (ranks[needs] ?? Infinity));

/** Keeps the anti-forgery token of a session answer; resolves to who is signed in. */
const remember = (who) => { csrfToken = who?.csrfToken ?? null; current = who ?? null; return who; };

// The session is an HttpOnly cookie the server sets on sign-in; the page never sees the key or password again.
export const checkSession = async () => remember(await api("/api/v1/session"));
/** credentials: { userName, password } of a person, or { key } (the bootstrap admin key). */
export const signIn = async (credentials) => remember(await api("/api/v1/session", { method: "POST", body: JSON.stringify(credentials) }));
export const signOut = async () => { try { await api("/api/v1/session", { method: "DELETE" }); } finally { remember(null); } };
