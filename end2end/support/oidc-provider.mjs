// A real OpenID provider (the certified `oidc-provider` package) standing in
// for Google in the tests. Usage:
//   node oidc-provider.mjs <port> <client id> <client secret> <redirect uri>...
//
// Sign-in: `/interaction/:uid` shows a small form (email, names, "email
// verified"). Test helpers, for the Rust tests and Playwright:
//   POST /test/next-login {sub?, email, email_verified, given_name, family_name}
//        the next interaction signs in as this account without the form;
//   POST /test/fault {kind}  the next ID token from the token endpoint is
//        spoiled: nonce | aud | iss | exp | signature;
//   POST /test/sign {claims} an ID token signed with the provider's key;
//   GET  /test/discovery     the discovery document the portal is given (its
//        token endpoint passes through `/test/token`, where faults happen).
import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { SignJWT, exportJWK, generateKeyPair, decodeJwt, decodeProtectedHeader } from 'jose';

const [port, clientId, clientSecret, ...redirectUris] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
const publicJwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
const { privateKey: strangerKey } = await generateKeyPair('RS256');

const accounts = new Map();
let nextLogin = null;
let nextFault = null;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [signingJwk] },
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
  },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const claims = accounts.get(id);
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  ttl: { Session: 60, Interaction: 600, Grant: 600, AuthorizationCode: 60, IdToken: 300, AccessToken: 300 },
});
provider.proxy = false;

async function finishLogin(req, res, account) {
  const sub = account.sub ?? `sub-${account.email}`;
  accounts.set(sub, {
    email: account.email,
    email_verified: account.email_verified !== false && account.email_verified !== 'false',
    given_name: account.given_name ?? 'Test',
    family_name: account.family_name ?? 'User',
    name: `${account.given_name ?? 'Test'} ${account.family_name ?? 'User'}`,
  });
  const details = await provider.interactionDetails(req, res);
  const grant = new provider.Grant({ accountId: sub, clientId: details.params.client_id });
  grant.addOIDCScope('openid email profile');
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId: sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

function readBody(req) {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
  });
}

function json(res, status, value) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function spoil(idToken, kind) {
  const claims = decodeJwt(idToken);
  const header = decodeProtectedHeader(idToken);
  const changed = { ...claims };
  if (kind === 'nonce') changed.nonce = 'not-the-nonce';
  if (kind === 'aud') changed.aud = 'another-client';
  if (kind === 'iss') changed.iss = 'https://evil.example';
  if (kind === 'exp') {
    changed.iat = Math.floor(Date.now() / 1000) - 3600;
    changed.exp = Math.floor(Date.now() / 1000) - 1800;
  }
  const key = kind === 'signature' ? strangerKey : privateKey;
  return new SignJWT(changed).setProtectedHeader({ alg: 'RS256', kid: header.kid }).sign(key);
}

const callback = provider.callback();
const form = (uid) => `<!DOCTYPE html><html><head><title>Test provider</title></head><body>
<h1>Sign in to the test provider</h1>
<form method="post" action="/interaction/${uid}/login">
<label>Email <input name="email" type="email" required></label>
<label>First name <input name="given_name" value="Grace"></label>
<label>Last name <input name="family_name" value="Hopper"></label>
<label><input type="checkbox" name="email_verified" value="true" checked> Email verified</label>
<button type="submit">Sign in</button>
</form></body></html>`;

createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    const interaction = url.pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
    if (interaction && req.method === 'GET') {
      if (nextLogin) {
        const account = nextLogin;
        nextLogin = null;
        return await finishLogin(req, res, account);
      }
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end(form(interaction[1]));
    }
    if (interaction && interaction[2] && req.method === 'POST') {
      const fields = Object.fromEntries(new URLSearchParams(await readBody(req)));
      return await finishLogin(req, res, { ...fields, email_verified: fields.email_verified === 'true' });
    }
    if (url.pathname === '/test/health') return json(res, 200, { ok: true });
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      return res.end();
    }
    if (url.pathname === '/test/next-login' && req.method === 'POST') {
      nextLogin = JSON.parse(await readBody(req));
      return json(res, 200, { ok: true });
    }
    if (url.pathname === '/test/fault' && req.method === 'POST') {
      nextFault = JSON.parse(await readBody(req)).kind;
      return json(res, 200, { ok: true });
    }
    if (url.pathname === '/test/sign' && req.method === 'POST') {
      const { claims, kind } = JSON.parse(await readBody(req));
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ iss: issuer, aud: clientId, iat: now, exp: now + 300, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .sign(kind === 'signature' ? strangerKey : privateKey);
      return json(res, 200, { idToken: token });
    }
    if (url.pathname === '/test/discovery') {
      const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
      return json(res, 200, { ...discovery, token_endpoint: `${issuer}/test/token` });
    }
    if (url.pathname === '/test/token' && req.method === 'POST') {
      const answer = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'Content-Type': req.headers['content-type'], Authorization: req.headers.authorization ?? '' },
        body: await readBody(req),
      });
      const body = await answer.json();
      if (nextFault && body.id_token) {
        body.id_token = await spoil(body.id_token, nextFault);
        nextFault = null;
      }
      return json(res, answer.status, body);
    }
    if (url.pathname === '/test/jwks') return json(res, 200, { keys: [publicJwk] });
    return callback(req, res);
  } catch (error) {
    console.error(error);
    json(res, 500, { error: 'test provider failure' });
  }
}).listen(Number(port), '127.0.0.1', () => console.log(`test OpenID provider at ${issuer}`));
