import { test, expect } from '@playwright/test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { PASSWORD, uniqueEmail } from './fixtures';

// What another service does with an access token: verify it with nothing but
// the published JWKS, using an independent JWT library (jose).
test('an access token verifies with only the JWKS, in an independent JWT library', async ({ request, baseURL }) => {
  const email = uniqueEmail('jwks');
  const registered = await request.post('/api/auth/register', {
    data: { email, password: PASSWORD, firstName: 'Ada', lastName: 'Lovelace' },
  });
  expect(registered.status()).toBe(201);
  const login = await request.post('/api/auth/login', { data: { email, password: PASSWORD } });
  expect(login.status()).toBe(200);
  const { data } = await login.json();

  const jwks = await (await request.get('/.well-known/jwks.json')).json();
  const { payload, protectedHeader } = await jwtVerify(data.accessToken, createLocalJWKSet(jwks), {
    issuer: baseURL,
    audience: 'portcullis',
    algorithms: ['EdDSA'],
  });

  expect(protectedHeader.alg).toBe('EdDSA');
  expect(jwks.keys.map((key: { kid: string }) => key.kid)).toContain(decodeProtectedHeader(data.accessToken).kid);
  expect(payload.sub).toBe(data.user.id);
  expect(payload.role).toBe('user');
  expect(typeof payload.sid).toBe('string');
  expect(typeof payload.jti).toBe('string');
  expect(payload.exp! - payload.iat!).toBe(900);
});

test('a tampered token fails verification in the independent library', async ({ request }) => {
  const email = uniqueEmail('jwks-tampered');
  await request.post('/api/auth/register', {
    data: { email, password: PASSWORD, firstName: 'Ada', lastName: 'Lovelace' },
  });
  const { data } = await (await request.post('/api/auth/login', { data: { email, password: PASSWORD } })).json();
  const [header, payload, signature] = data.accessToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  claims.role = 'admin';
  const tampered = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
  const jwks = await (await request.get('/.well-known/jwks.json')).json();

  await expect(jwtVerify(tampered, createLocalJWKSet(jwks))).rejects.toThrow();
});
