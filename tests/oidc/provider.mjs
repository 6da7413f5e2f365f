// A real OpenID provider (oidc-provider, a certified implementation) for
// rapport's single sign-on tests. Run: node provider.mjs CONFIG_JSON
//
// CONFIG_JSON: {"port": 0, "clients": [{"client_id", "client_secret",
// "redirect_uris": [..]}]}. Prints `listening on PORT` when ready, on
// 127.0.0.1 only. Its development login screen accepts any login: the
// login typed is the account's email.
//
// Two test-only addresses change what it does next, as a misbehaving or
// misconfigured provider would:
//   GET /__test/unverified?email=E  E's email is reported as not verified
//   GET /__test/tamper?with=KIND    the next ID tokens are altered, then
//     re-signed with the provider's own key (KIND: aud, iss, exp, nonce),
//     signed with another key under the same key id (other_key), or left
//     unsigned (unsigned); `with=` (empty) stops.

import Provider from 'oidc-provider';
import * as jose from 'jose';
import { generateKeyPairSync, randomBytes } from 'node:crypto';

const config = JSON.parse(process.argv[2] ?? '{}');
const kid = 'rapport-test-key';

function rsaJwk() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

const signing = rsaJwk();
const other = rsaJwk();
const unverified = new Set();
let tamper = '';

const server = (await import('node:http')).createServer();
await new Promise((resolve) => server.listen(config.port ?? 0, '127.0.0.1', resolve));
const port = server.address().port;
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: (config.clients ?? []).map((c) => ({
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...c,
  })),
  jwks: { keys: [signing] },
  cookies: { keys: [randomBytes(16).toString('hex')] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The scopes' claims in the ID token itself, as most providers do.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: id,
          email_verified: !unverified.has(id),
          name: `Person ${id.split('@')[0]}`,
        };
      },
    };
  },
});
provider.proxy = false;

async function altered(idToken) {
  const claims = jose.decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  switch (tamper) {
    case 'aud': claims.aud = 'some-other-application'; break;
    case 'iss': claims.iss = 'http://127.0.0.1:1'; break;
    case 'exp': claims.iat = now - 7200; claims.exp = now - 3600; break;
    case 'nonce': claims.nonce = 'not-the-nonce-rapport-sent'; break;
    case 'unsigned': {
      const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    }
    default: break;
  }
  const key = await jose.importJWK(tamper === 'other_key' ? other : signing, 'RS256');
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(key);
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/__test/unverified') {
    unverified.add(ctx.query.email);
    ctx.body = { ok: true };
    return;
  }
  if (ctx.path === '/__test/tamper') {
    tamper = ctx.query.with ?? '';
    ctx.body = { ok: true, tamper };
    return;
  }
  await next();
  if (tamper && ctx.path === '/token' && ctx.body?.id_token) {
    ctx.body = { ...ctx.body, id_token: await altered(ctx.body.id_token) };
  }
});

server.on('request', provider.callback());
console.log(`listening on ${port}`);
