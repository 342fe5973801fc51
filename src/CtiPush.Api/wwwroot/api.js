// Every request of the page goes through api(): one place for JSON bodies, error messages and the end of a
// session. It knows nothing of the page's elements; whoever shows the sign-in listens with onSignedOut.

/** A refused request: the server's problem details as one readable message, and the HTTP status. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
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
  if (response.status === 401) session.dispatchEvent(new Event("signedout"));
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const fields = Object.entries(problem.errors ?? {}).map(([field, messages]) => `${field} ${messages.join(" ")}`);
    throw new ApiError(fields.join(" ") || problem.detail || problem.title || `HTTP ${response.status}`, response.status);
  }
  return response.status === 204 ? null : response.json();
}

/** Keeps the anti-forgery token of a session answer; resolves to who is signed in. */
const remember = (who) => { csrfToken = who?.csrfToken ?? null; return who; };

// The session is an HttpOnly cookie the server sets on sign-in; the page never sees the key or password again.
export const checkSession = async () => remember(await api("/api/v1/session"));
/** credentials: { userName, password } of a person, or { key } (the bootstrap admin key). */
export const signIn = async (credentials) => remember(await api("/api/v1/session", { method: "POST", body: JSON.stringify(credentials) }));
export const signOut = async () => { await api("/api/v1/session", { method: "DELETE" }); csrfToken = null; };
