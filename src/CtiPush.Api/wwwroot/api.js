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

/** Calls listener on every 401: the session has ended (expired, signed out elsewhere) or never began. */
export const onSignedOut = (listener) => session.addEventListener("signedout", listener);

/** Fetches path on this origin; resolves to the JSON answer (null for 204), rejects with an ApiError. */
export async function api(path, options = {}) {
  const response = await fetch(path, {
    credentials: "same-origin",
    headers: typeof options.body === "string" ? { "Content-Type": "application/json" } : {},
    ...options,
  });
  if (response.status === 401) session.dispatchEvent(new Event("signedout"));
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const fields = Object.entries(problem.errors ?? {}).map(([field, messages]) => `${field} ${messages.join(" ")}`);
    throw new ApiError(fields.join(" ") || problem.detail || problem.title || `HTTP ${response.status}`, response.status);
  }
  return response.status === 204 ? null : response.json();
}

// The session is an HttpOnly cookie the server sets on sign-in; the page never sees the key again.
export const checkSession = () => api("/api/v1/session");
export const signIn = (key) => api("/api/v1/session", { method: "POST", body: JSON.stringify({ key }) });
export const signOut = () => api("/api/v1/session", { method: "DELETE" });
