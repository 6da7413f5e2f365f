//! Single sign-on with an organization's OpenID provider: its settings
//! (admins), sending a person to the provider, and the provider's answer.
//!
//! The authorization code flow with PKCE, `state` and `nonce`. What the
//! answer is checked against (the state, the nonce, the PKCE verifier) is
//! kept in the database, found by the hash of the state, and used once:
//! any instance can take the answer, and a replayed answer finds its row
//! already used — a signed cookie could not be used only once. The browser
//! keeps the state in a short-lived cookie of its own, so an answer is only
//! taken by the browser that started the sign-in (no signing a victim in
//! to an attacker's account). Every request to the provider goes through
//! the outbound guard (`outbound::OidcClient`).

use super::secrets::{hash_secret, new_secret};
use super::sessions::{NewSession, open_session};
use super::{Actor, AppError, AppResult, notices};
use crate::AppState;
use crate::outbound::{self, OidcClient};
use chrono::{DateTime, Utc};
use openidconnect::core::{CoreClient, CoreProviderMetadata, CoreResponseType};
use openidconnect::{
    AuthenticationFlow, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret,
    CsrfToken, DiscoveryError, EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, Nonce,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope,
    SignatureVerificationError, TokenResponse,
};
use rapport_core::{Email, InvalidValue, Name, OrgId, Role};
use rapport_store::{NewPerson, Person, SsoLogin, SsoLoginTaken, SsoSettings};
use std::time::Duration;

/// How long a person has at the provider before the sign-in expires.
pub const LOGIN_MINUTES: i64 = 10;
/// Requests to the provider: well below the request deadline.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The provider as an admin typed it; an empty secret keeps the old one.
#[derive(Debug, Clone, Default)]
pub struct SsoDraft {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub require_sso: bool,
    pub allowed_domains: Vec<String>,
}

/// The settings as admins see them: never the secret.
#[derive(Debug, Clone)]
pub struct SsoView {
    pub issuer: String,
    pub client_id: String,
    pub require_sso: bool,
    pub allowed_domains: Vec<String>,
    pub updated_at: DateTime<Utc>,
}

impl From<SsoSettings> for SsoView {
    fn from(s: SsoSettings) -> Self {
        SsoView {
            issuer: s.issuer,
            client_id: s.client_id,
            require_sso: s.require_sso,
            allowed_domains: s.allowed_domains,
            updated_at: s.updated_at,
        }
    }
}

/// The organization's provider (admins); `None` when it uses passwords.
pub async fn settings(app: &AppState, admin: &Actor) -> AppResult<Option<SsoView>> {
    admin.require_admin()?;
    Ok(app.store.sso_settings(admin.org()).await?.map(Into::into))
}

/// Sets the provider (admins), audited. The issuer must answer its
/// discovery document now: a mistyped address is caught here, not when
/// everyone tries to sign in.
pub async fn save(app: &AppState, admin: &Actor, d: SsoDraft) -> AppResult<SsoView> {
    admin.require_admin()?;
    let org = admin.org();
    let issuer = d.issuer.trim().trim_end_matches('/').to_string();
    let url = url::Url::parse(&issuer).map_err(|_| {
        InvalidValue::new(
            "issuer",
            "must be the provider's full address, such as https://login.example.com",
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(InvalidValue::new("issuer", "must start with https:// (or http://)").into());
    }
    outbound::check_url("issuer", &url, app.config.allow_private_targets)?;
    let client_id = d.client_id.trim().to_string();
    if client_id.is_empty() {
        return Err(InvalidValue::new("client_id", "must not be empty").into());
    }
    let old = app.store.sso_settings(org).await?;
    let client_secret = match (d.client_secret.trim(), &old) {
        ("", Some(old)) => old.client_secret.clone(),
        ("", None) => return Err(InvalidValue::new("client_secret", "must not be empty").into()),
        (s, _) => s.to_string(),
    };
    let mut allowed_domains = d
        .allowed_domains
        .iter()
        .map(|s| parse_domain(s))
        .filter(|d| !matches!(d, Ok(d) if d.is_empty()))
        .collect::<Result<Vec<_>, _>>()?;
    allowed_domains.sort();
    allowed_domains.dedup();
    discover(app, &issuer).await.map_err(|why| {
        InvalidValue::new(
            "issuer",
            format!("rapport could not read this provider's discovery document: {why}"),
        )
    })?;
    let now = app.now();
    let settings = SsoSettings {
        issuer,
        client_id,
        client_secret,
        require_sso: d.require_sso,
        allowed_domains,
        updated_at: now,
    };
    app.store
        .set_sso_settings(org, Some(&settings), now)
        .await?;
    app.store
        .record_audit(
            org,
            Some(admin.id()),
            "sso.set",
            &settings.issuer,
            if settings.require_sso {
                "single sign-on required"
            } else {
                "single sign-on offered"
            },
            now,
        )
        .await?;
    Ok(settings.into())
}

/// Back to passwords only (admins), audited.
pub async fn remove(app: &AppState, admin: &Actor) -> AppResult<()> {
    admin.require_admin()?;
    let now = app.now();
    app.store.set_sso_settings(admin.org(), None, now).await?;
    app.store
        .record_audit(admin.org(), Some(admin.id()), "sso.remove", "", "", now)
        .await?;
    Ok(())
}

fn parse_domain(s: &str) -> Result<String, InvalidValue> {
    let d = s.trim().trim_start_matches('@').to_ascii_lowercase();
    let ok = d.is_empty()
        || (d.contains('.')
            && !d.starts_with('.')
            && !d.ends_with('.')
            && d.len() <= 253
            && d.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'));
    if ok {
        Ok(d)
    } else {
        Err(InvalidValue::new(
            "allowed_domains",
            format!("`{}` is not an email domain, such as example.com", s.trim()),
        ))
    }
}

/// The slug of the organization whose provider signs in this email, if
/// it has one: a person's own organization, or the one that allows the
/// email's domain.
pub async fn organization_for_email(app: &AppState, email: &str) -> AppResult<Option<String>> {
    let Ok(email) = Email::parse(email) else {
        return Ok(None);
    };
    let org = match app.store.person_for_sign_in(&email).await? {
        Some((person, _)) => Some(person.org_id),
        None => match email.as_str().rsplit_once('@') {
            Some((_, domain)) => app.store.sso_org_for_domain(domain).await?,
            None => None,
        },
    };
    let Some(org) = org else { return Ok(None) };
    if app.store.sso_settings(org).await?.is_none() {
        return Ok(None);
    }
    Ok(Some(app.store.org(org).await?.slug))
}

/// Whether a password may sign this person in: not when the organization
/// requires single sign-on, except for admins (a way back in should the
/// provider break).
pub async fn password_allowed(app: &AppState, person: &Person) -> AppResult<bool> {
    if person.role == Role::Admin {
        return Ok(true);
    }
    Ok(!app
        .store
        .sso_settings(person.org_id)
        .await?
        .is_some_and(|s| s.require_sso))
}

/// Why a sign-in through the provider was refused. Each is a page in
/// words (`notices::sso_refused`); the cause goes to the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No such organization, or it does not use single sign-on.
    NotConfigured,
    /// The provider could not be reached, or answered nonsense.
    Unreachable,
    /// The provider said no (the person cancelled, or it refused the code).
    ProviderSaidNo,
    /// The answer does not belong to a sign-in this browser started.
    StateMismatch,
    /// The answer was already used.
    Replayed,
    /// The sign-in took too long, or was never started here.
    Expired,
    /// The ID token is for another application (audience).
    WrongAudience,
    /// The ID token comes from another issuer.
    WrongIssuer,
    /// The ID token has expired.
    TokenExpired,
    /// The ID token's signature does not verify with the provider's keys,
    /// or it is unsigned.
    BadSignature,
    /// The ID token's nonce is not the one this sign-in sent.
    NonceMismatch,
    /// Anything else wrong with the ID token (none at all, a bad claim).
    BadToken,
    /// The provider did not vouch for the email address.
    EmailUnverified,
    /// Nobody of the organization has this email, and its domain is not
    /// one that joins on first sign-in.
    UnknownPerson,
    /// The organization's directory deactivated this person.
    Deactivated,
}

impl Refusal {
    /// The snake_case code, for logs and tests.
    pub fn code(self) -> &'static str {
        use Refusal::*;
        match self {
            NotConfigured => "sso_not_configured",
            Unreachable => "provider_unreachable",
            ProviderSaidNo => "provider_refused",
            StateMismatch => "state_mismatch",
            Replayed => "replayed",
            Expired => "sign_in_expired",
            WrongAudience => "wrong_audience",
            WrongIssuer => "wrong_issuer",
            TokenExpired => "token_expired",
            BadSignature => "bad_signature",
            NonceMismatch => "nonce_mismatch",
            BadToken => "bad_token",
            EmailUnverified => "email_unverified",
            UnknownPerson => "unknown_person",
            Deactivated => "deactivated",
        }
    }

    /// Logs the cause (never shown) and hands the refusal on.
    fn logged(self, cause: impl std::fmt::Display) -> Self {
        tracing::warn!(refusal = self.code(), %cause, "single sign-on refused");
        self
    }
}

/// A refusal, or a failure of rapport's own (shown as the 500 page).
#[derive(Debug)]
pub enum SsoError {
    Refused(Refusal),
    App(AppError),
}

impl From<AppError> for SsoError {
    fn from(e: AppError) -> Self {
        SsoError::App(e)
    }
}

impl From<rapport_store::StoreError> for SsoError {
    fn from(e: rapport_store::StoreError) -> Self {
        SsoError::App(e.into())
    }
}

impl From<Refusal> for SsoError {
    fn from(r: Refusal) -> Self {
        SsoError::Refused(r)
    }
}

/// Where to send the browser, and the state its cookie keeps.
#[derive(Debug, Clone)]
pub struct Started {
    pub authorize_url: String,
    pub state: String,
}

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

fn http(app: &AppState) -> Result<OidcClient, AppError> {
    outbound::client(app.config.allow_private_targets, TIMEOUT)
        .map(OidcClient)
        .map_err(AppError::internal)
}

/// Reads the provider's discovery document and keys; the error in words.
async fn discover(app: &AppState, issuer: &str) -> Result<CoreProviderMetadata, String> {
    let url = IssuerUrl::new(issuer.to_string()).map_err(|_| "the address is not valid")?;
    let http = http(app).map_err(|_| "rapport could not prepare the request")?;
    CoreProviderMetadata::discover_async(url, &http)
        .await
        .map_err(|e| match e {
            DiscoveryError::Request(e) => outbound::failure_words("the provider", &e),
            DiscoveryError::Response(status, ..) => {
                format!("the provider answered with status {status}")
            }
            DiscoveryError::Validation(why) => format!("the document is not valid ({why})"),
            _ => "the provider's answer is not a discovery document".to_string(),
        })
}

async fn client(app: &AppState, s: &SsoSettings, redirect_uri: &str) -> Result<Client, SsoError> {
    let meta = discover(app, &s.issuer)
        .await
        .map_err(|why| Refusal::Unreachable.logged(why))?;
    let redirect = RedirectUrl::new(redirect_uri.to_string()).map_err(AppError::internal)?;
    Ok(CoreClient::from_provider_metadata(
        meta,
        ClientId::new(s.client_id.clone()),
        Some(ClientSecret::new(s.client_secret.clone())),
    )
    .set_redirect_uri(redirect))
}

/// Sends a person to their organization's provider: records the sign-in
/// (state, nonce, PKCE verifier) and answers where to go.
pub async fn start(
    app: &AppState,
    slug: &str,
    login_hint: Option<&str>,
    next: &str,
    redirect_uri: &str,
) -> Result<Started, SsoError> {
    let org = match app.store.org_by_slug(slug).await {
        Ok(org) => org,
        Err(rapport_store::StoreError::NotFound) => {
            return Err(Refusal::NotConfigured
                .logged(format!("no organization {slug}"))
                .into());
        }
        Err(e) => return Err(e.into()),
    };
    let Some(settings) = app.store.sso_settings(org.id).await? else {
        return Err(Refusal::NotConfigured
            .logged(format!("{slug} has no provider"))
            .into());
    };
    let client = client(app, &settings, redirect_uri).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let state = new_secret();
    let nonce = new_secret();
    let mut request = client
        .authorize_url(
            AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
            {
                let state = state.clone();
                move || CsrfToken::new(state)
            },
            {
                let nonce = nonce.clone();
                move || Nonce::new(nonce)
            },
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge);
    if let Some(hint) = login_hint.filter(|h| !h.trim().is_empty()) {
        request = request.add_extra_param("login_hint", hint.trim().to_string());
    }
    let (url, _, _) = request.url();
    let now = app.now();
    let login = SsoLogin {
        org_id: org.id,
        nonce,
        pkce_verifier: verifier.into_secret(),
        next_path: next.to_string(),
    };
    let expires = now + chrono::Duration::minutes(LOGIN_MINUTES);
    app.store
        .start_sso_login(&hash_secret(&state), &login, now, expires)
        .await?;
    Ok(Started {
        authorize_url: url.to_string(),
        state,
    })
}

/// The provider's answer as it arrived at the redirect URI.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

/// A person signed in through the provider, and where they were going.
pub struct SignedIn {
    pub session: NewSession,
    pub next: String,
}

/// Takes the provider's answer: the state must be this browser's and
/// unused, the code is exchanged (with the PKCE verifier), the ID token
/// checked (signature with the provider's keys, issuer, audience, expiry,
/// nonce), and the person with that verified email signed in, or created
/// as a member when their domain is allowed. A refusal creates nothing.
pub async fn finish(
    app: &AppState,
    answer: Answer,
    browser_state: Option<&str>,
    redirect_uri: &str,
) -> Result<SignedIn, SsoError> {
    let state = answer.state.as_deref().unwrap_or_default();
    if state.is_empty() || browser_state != Some(state) {
        return Err(Refusal::StateMismatch
            .logged("the answer's state is not the one this browser keeps")
            .into());
    }
    let login = match app
        .store
        .take_sso_login(&hash_secret(state), app.now())
        .await?
    {
        SsoLoginTaken::Fresh(login) => login,
        SsoLoginTaken::Used => return Err(Refusal::Replayed.logged("state already used").into()),
        SsoLoginTaken::Unknown => {
            return Err(Refusal::Expired.logged("state unknown or expired").into());
        }
    };
    if let Some(error) = answer.error {
        return Err(Refusal::ProviderSaidNo
            .logged(format!("the provider answered {error}"))
            .into());
    }
    let Some(code) = answer.code.filter(|c| !c.is_empty()) else {
        return Err(Refusal::ProviderSaidNo.logged("no code").into());
    };
    let Some(settings) = app.store.sso_settings(login.org_id).await? else {
        return Err(Refusal::NotConfigured
            .logged("the provider was removed meanwhile")
            .into());
    };
    let client = client(app, &settings, redirect_uri).await?;
    let http = http(app)?;
    let response = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| Refusal::Unreachable.logged(e))?
        .set_pkce_verifier(PkceCodeVerifier::new(login.pkce_verifier.clone()))
        .request_async(&http)
        .await
        .map_err(|e| match e {
            RequestTokenError::Request(e) => {
                Refusal::Unreachable.logged(outbound::failure_words("the provider", &e))
            }
            RequestTokenError::ServerResponse(r) => {
                Refusal::ProviderSaidNo.logged(format!("token endpoint: {}", r.error()))
            }
            other => Refusal::Unreachable.logged(other),
        })?;
    let Some(id_token) = response.id_token() else {
        return Err(Refusal::BadToken.logged("no ID token").into());
    };
    let clock = app.clock.clone();
    let verifier = client.id_token_verifier().set_time_fn(move || clock.now());
    let claims = id_token
        .claims(&verifier, &Nonce::new(login.nonce.clone()))
        .map_err(|e| token_refusal(&e).logged(&e))?;
    let email = claims.email().map(|e| e.as_str().to_string());
    let Some(email) = email else {
        return Err(Refusal::EmailUnverified.logged("no email claim").into());
    };
    if claims.email_verified() != Some(true) {
        return Err(Refusal::EmailUnverified
            .logged(format!("{email} is not verified by the provider"))
            .into());
    }
    let name = claims
        .name()
        .and_then(|n| n.get(None))
        .map(|n| n.as_str().to_string());
    let person = person_for(app, login.org_id, &settings, &email, name.as_deref()).await?;
    let session = open_session(app, person).await?;
    Ok(SignedIn {
        session,
        next: login.next_path,
    })
}

fn token_refusal(e: &ClaimsVerificationError) -> Refusal {
    match e {
        ClaimsVerificationError::InvalidAudience(_) => Refusal::WrongAudience,
        ClaimsVerificationError::InvalidIssuer(_) => Refusal::WrongIssuer,
        ClaimsVerificationError::Expired(_) => Refusal::TokenExpired,
        ClaimsVerificationError::InvalidNonce(_) => Refusal::NonceMismatch,
        ClaimsVerificationError::SignatureVerification(
            SignatureVerificationError::CryptoError(_)
            | SignatureVerificationError::NoSignature
            | SignatureVerificationError::NoMatchingKey
            | SignatureVerificationError::DisallowedAlg(_),
        ) => Refusal::BadSignature,
        _ => Refusal::BadToken,
    }
}

/// The person of the organization with this email; or, when its domain
/// joins on first sign-in, a new member (audited, without a password).
async fn person_for(
    app: &AppState,
    org: OrgId,
    settings: &SsoSettings,
    email: &str,
    name: Option<&str>,
) -> Result<Person, SsoError> {
    let parsed = Email::parse(email).map_err(|e| Refusal::BadToken.logged(e))?;
    match app.store.person_by_email(org, &parsed).await {
        Ok(p) if !p.active => {
            return Err(Refusal::Deactivated
                .logged(format!("{email} was deactivated by the directory"))
                .into());
        }
        Ok(p) => return Ok(p),
        Err(rapport_store::StoreError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }
    let domain = parsed
        .as_str()
        .rsplit_once('@')
        .map(|(_, d)| d)
        .unwrap_or("");
    if !settings.allowed_domains.iter().any(|d| d == domain) {
        return Err(Refusal::UnknownPerson
            .logged(format!("{email} is nobody of the organization"))
            .into());
    }
    let local = parsed.as_str().split('@').next().unwrap_or("colleague");
    let name = name
        .and_then(|n| Name::parse(n).ok())
        .or_else(|| Name::parse(local).ok())
        .ok_or_else(|| Refusal::BadToken.logged("no usable name"))?;
    let now = app.now();
    let person = match app
        .store
        .create_person(org, &NewPerson::basic(parsed, name, Role::Member), now)
        .await
    {
        Ok(p) => p,
        // Someone of another organization has this email.
        Err(rapport_store::StoreError::Conflict(rapport_store::Conflict::EmailTaken)) => {
            return Err(Refusal::UnknownPerson
                .logged(format!("{email} belongs to another organization"))
                .into());
        }
        Err(e) => return Err(e.into()),
    };
    app.store
        .record_audit(
            org,
            None,
            "person.create",
            &person.id.to_string(),
            "joined on first single sign-on",
            now,
        )
        .await?;
    tracing::info!(person = %person.id, "created on first single sign-on");
    Ok(person)
}

/// The words of a refusal (re-exported for the adapters).
pub fn words(r: Refusal) -> (&'static str, &'static str) {
    notices::sso_refused(r)
}
