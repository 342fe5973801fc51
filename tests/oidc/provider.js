// An OpenID Connect provider on loopback for CtiPush's single sign-on tests: oidc-provider (a certified
// implementation) with one confidential client, a login form that checks passwords and a consent form, and people
// read from a JSON file at every sign-in, so a test can move someone to another group between two sign-ins.
//
//   OIDC_HOST=localhost OIDC_CLIENT_ID=ctipush OIDC_CLIENT_SECRET=... \
//   OIDC_REDIRECT_URI=http://127.0.0.1:5080/api/v1/session/oidc/callback OIDC_USERS_FILE=users.json node provider.js
//
// users.json: { "alice": { "password": "…", "name": "…", "email": "…", "email_verified": true, "groups": ["…"] } }
// It listens on a free port of 127.0.0.1 (OIDC_PORT chooses one) and prints one line, {"issuer":"http://HOST:PORT"},
// once it serves. It stops when its standard input closes (the test process ended) or on SIGTERM.
// Its pages load nothing from anywhere: no network but loopback.
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import Provider from "oidc-provider";

const required = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`provider.js: ${name} is required`);
    process.exit(2);
  }
  return value;
};

const host = process.env.OIDC_HOST ?? "localhost";
const clientId = required("OIDC_CLIENT_ID");
const clientSecret = required("OIDC_CLIENT_SECRET");
const redirectUri = required("OIDC_REDIRECT_URI");
const usersFile = required("OIDC_USERS_FILE");
const people = () => JSON.parse(readFileSync(usersFile, "utf8"));

// A signing key of this run's own, not the package's development key.
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: "jwk" }), kid: "test-run", use: "sig", alg: "RS256" };

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (res, status, title, body) => {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>`
    + `<body><h1>${escape(title)}</h1>${body}</body></html>`);
};
const readForm = (req) => new Promise((resolve, reject) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => resolve(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))));
  req.on("error", reject);
});

/** The sign-in and consent pages the provider sends the browser to (interactions.url). */
async function interaction(provider, req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    page(res, 400, "Wrong interaction", "");
    return;
  }
  const { prompt, params, session } = details;
  if (req.method === "GET" && !action) {
    if (prompt.name === "login") {
      page(res, 200, "Sign in to the test provider",
        `<form method="post" action="/interaction/${uid}/login">`
        + `<label>User name <input name="login" autocomplete="username" required></label>`
        + `<label>Password <input name="password" type="password" autocomplete="current-password" required></label>`
        + `<button type="submit">Sign in</button></form>`
        + `<p><a href="/interaction/${uid}/abort">Cancel</a></p>`);
    } else {
      page(res, 200, `Allow ${escape(params.client_id)} to know who you are?`,
        `<p>Scopes: ${escape([...(prompt.details.missingOIDCScope ?? [])].join(" "))}</p>`
        + `<form method="post" action="/interaction/${uid}/confirm"><button type="submit">Allow</button></form>`
        + `<p><a href="/interaction/${uid}/abort">Cancel</a></p>`);
    }
    return;
  }
  if (req.method === "POST" && action === "login") {
    const form = await readForm(req);
    const login = form.get("login") ?? "";
    if (!Object.hasOwn(people(), login) || people()[login].password !== form.get("password")) {
      page(res, 401, "Wrong user name or password", `<p><a href="/interaction/${uid}">Try again</a></p>`);
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    return;
  }
  if (req.method === "POST" && action === "confirm") {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) {
      grant.addOIDCScope(prompt.details.missingOIDCScope.join(" "));
    }
    if (prompt.details.missingOIDCClaims) {
      grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    }
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    return;
  }
  if (req.method === "GET" && action === "abort") {
    await provider.interactionFinished(req, res, { error: "access_denied", error_description: "The user cancelled." },
      { mergeWithLastSubmission: false });
    return;
  }
  page(res, 404, "Not found", "");
}

const server = createServer();
server.listen(Number(process.env.OIDC_PORT ?? 0), "127.0.0.1", () => {
  const issuer = `http://${host}:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_post",
    }],
    jwks: { keys: [signingKey] },
    // A client that leaves out PKCE is refused, so a sign-in that works proves CtiPush sends it.
    pkce: { required: () => true },
    scopes: ["openid", "profile", "email", "groups"],
    claims: {
      openid: ["sub"],
      profile: ["name", "preferred_username"],
      email: ["email", "email_verified"],
      groups: ["groups"],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, id) {
      const person = people()[id];
      if (!person) {
        return undefined;
      }
      return {
        accountId: id,
        async claims() {
          const { password: _, ...claims } = person;
          return { sub: id, preferred_username: id, ...claims };
        },
      };
    },
  });
  const handle = provider.callback();
  server.on("request", (req, res) => {
    const match = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/.exec(new URL(req.url, issuer).pathname);
    if (!match) {
      handle(req, res);
      return;
    }
    interaction(provider, req, res, match[1], match[2]).catch((error) => {
      console.error(error);
      if (!res.headersSent) {
        page(res, 500, "Error", `<p>${escape(error.message)}</p>`);
      }
    });
  });
  console.log(JSON.stringify({ issuer }));
});

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
