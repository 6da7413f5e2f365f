//! Signing in and out, accepting an invitation, the home page and my
//! personal access tokens.

use super::flash;
use super::form::{ConfirmPage, Problems, Question};
use super::page::{Nav, PageError, PageViewer, render};
use crate::AppState;
use crate::app::delegations::DelegationView;
use crate::app::help::HelpView;
use crate::app::links::Page;
use crate::app::notices::Done;
use crate::app::nudges::NudgeView;
use crate::app::relationships::NextStep;
use crate::app::{AppError, home, sessions};
use crate::auth::{clear_session_cookie, is_https, session_cookie, session_token};
use crate::client_ip::ClientIp;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rapport_core::learning::Course;
use rapport_store::{InvitationState, TokenInfo};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/sign-in", get(sign_in_page).post(sign_in_submit))
        .route("/sign-out", post(sign_out))
        .route("/me/sign-out-everywhere", post(sign_out_everywhere))
        .route(
            "/invitations/{token}",
            get(invitation_page).post(invitation_submit),
        )
        .route("/me/tokens", get(tokens_page).post(tokens_create))
        .route("/me/tokens/{id}/revoke", post(tokens_revoke))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    nav: Nav,
    first_name: String,
    profile_incomplete: bool,
    about: String,
    team: Option<String>,
    team_id: Option<String>,
    to_answer: Vec<DelegationView>,
    due_soon: Vec<DelegationView>,
    to_record: Vec<DelegationView>,
    help_for_me: Vec<HelpView>,
    nudges: Vec<NudgeView>,
    nudges_per_week: usize,
    next_step: NextStep,
    newcomer: bool,
}

impl HomePage {
    fn avatar(&self, p: &crate::app::PersonRef) -> String {
        super::pictures::avatar(&p.name, &p.id.to_string(), 28)
    }
}

async fn home(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let p = &v.person;
    let home = home::home(&state, &v).await?;
    let needs = home.needs;
    let page = HomePage {
        to_answer: needs.to_answer,
        due_soon: needs.due_soon,
        to_record: needs.to_record,
        help_for_me: needs.help_for_me,
        nudges: home.nudges,
        nudges_per_week: state.config.nudges_per_week,
        next_step: home.next_step,
        nav: Nav::load(&state, &v, "home").await?,
        first_name: p
            .name
            .split_whitespace()
            .next()
            .unwrap_or(&p.name)
            .to_string(),
        profile_incomplete: home.profile_incomplete,
        newcomer: home.newcomer,
        about: p.about.clone(),
        team: p.team_name.clone(),
        team_id: p.team_id.map(|t| t.to_string()),
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    nav: Nav,
    error: Option<String>,
    email: String,
    next: String,
    /// The instance's courses, whose previews and guides are open: read
    /// before joining.
    courses: Vec<Course>,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn sign_in_page(
    State(state): State<AppState>,
    Query(q): Query<NextQuery>,
) -> Result<Response, PageError> {
    render(&SignInPage {
        nav: Nav::default(),
        error: None,
        email: String::new(),
        next: safe_next(q.next.as_deref()),
        courses: crate::app::learning::catalog(&state),
    })
}

/// Only a path on this site: never an open redirect to another one.
/// Browsers drop tabs and line breaks from a URL and read `\` as `/`, so
/// `/\t/evil.example` would become `//evil.example`, another host: any
/// whitespace, control character or backslash sends the person home.
pub(super) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n
                    .chars()
                    .any(|c| c == '\\' || c.is_whitespace() || c.is_control()) =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

#[derive(Deserialize)]
struct SignInForm {
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

async fn sign_in_submit(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, PageError> {
    let next = safe_next(form.next.as_deref());
    if form.password.is_empty() {
        return email_first(&state, form.email, next).await;
    }
    let device = crate::auth::cookie(&headers, crate::auth::DEVICE_COOKIE);
    let from = sessions::Attempt {
        client,
        device: device.as_deref(),
    };
    match sessions::sign_in(&state, &form.email, &form.password, from).await {
        Ok(session) => {
            let cookies = AppendHeaders(crate::auth::sign_in_cookies(&session, &state, &headers));
            Ok((cookies, Redirect::to(&next)).into_response())
        }
        Err(
            e @ (AppError::InvalidCredentials
            | AppError::TooManyRequests { .. }
            | AppError::Forbidden(_)),
        ) => {
            let status = e.status();
            let retry = if let AppError::TooManyRequests { retry_after } = e {
                Some(retry_after)
            } else {
                None
            };
            let page = SignInPage {
                nav: Nav::default(),
                error: Some(super::form::words(&e)),
                email: form.email,
                next,
                courses: crate::app::learning::catalog(&state),
            };
            let mut res = (status, render(&page)?).into_response();
            if let Some(r) = retry.and_then(|r| r.to_string().parse().ok()) {
                res.headers_mut().insert(header::RETRY_AFTER, r);
            }
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "sso_continue.html")]
struct SsoContinue {
    nav: Nav,
    to: String,
}

/// The email alone: a person whose organization signs in through its
/// identity provider goes there; anyone else is asked for their password.
async fn email_first(state: &AppState, email: String, next: String) -> Result<Response, PageError> {
    if let Some(slug) = crate::app::sso::organization_for_email(state, &email).await? {
        let to = format!(
            "/sso/start?org={}&login_hint={}&next={}",
            super::page::urlencode(&slug),
            super::page::urlencode(email.trim()),
            super::page::urlencode(&next)
        );
        // A page that moves on by itself (and a link), not a redirect: a
        // form's redirects must stay on this site (`form-action 'self'`),
        // and the provider is another one.
        return render(&SsoContinue {
            nav: Nav::default(),
            to,
        });
    }
    let page = SignInPage {
        nav: Nav::default(),
        error: Some(super::page::sentence(crate::app::notices::PASSWORD_PLEASE)),
        email,
        next,
        courses: crate::app::learning::catalog(state),
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

async fn sign_out(
    State(state): State<AppState>,
    req: axum::extract::Request,
) -> Result<Response, PageError> {
    let (parts, _) = req.into_parts();
    sessions::sign_out(&state, session_token(&parts).as_deref()).await?;
    let cookie = clear_session_cookie(is_https(&parts.headers, &state));
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/sign-in")).into_response())
}

#[derive(Deserialize)]
struct ConfirmForm {
    confirm: Option<String>,
}

/// Ends every session of the viewer, after asking once: it signs them out
/// of this browser too.
async fn sign_out_everywhere(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    headers: HeaderMap,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, PageError> {
    if f.confirm.as_deref() != Some("yes") {
        return render(&ConfirmPage {
            nav: Nav::load(&state, &v, "me").await?,
            q: Question {
                ask: "Sign out everywhere?".into(),
                then: "Every browser and device signed in as you is signed out at once, this \
                       one included, and you sign in again with your password. Your personal \
                       access tokens keep working: revoke any you no longer trust below."
                    .into(),
                yes: "Yes, sign out everywhere",
            },
            back: Page::Tokens.path(),
            back_label: "Personal access tokens".into(),
            action: "/me/sign-out-everywhere".into(),
            hidden: vec![],
        });
    }
    sessions::sign_out_everywhere(&state, &v).await?;
    let cookie = clear_session_cookie(is_https(&headers, &state));
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/sign-in")).into_response())
}

#[derive(Template)]
#[template(path = "accept_invitation.html")]
struct InvitationPage {
    nav: Nav,
    valid: bool,
    name: String,
    email: String,
    /// Why the link does not work, when it does not.
    error: Option<String>,
    /// What to fix in the password, beside its field.
    errors: Problems,
}

async fn invitation_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let page = match sessions::invitation(&state, &token).await {
        Ok(inv) => InvitationPage {
            nav: Nav::default(),
            valid: inv.state == InvitationState::Pending,
            name: inv.name,
            email: inv.email,
            error: None,
            errors: Problems::none(),
        },
        Err(AppError::NotFound) => {
            let page = InvitationPage {
                nav: Nav::default(),
                valid: false,
                name: String::new(),
                email: String::new(),
                error: Some("This invitation link is not known.".into()),
                errors: Problems::none(),
            };
            return Ok((StatusCode::NOT_FOUND, render(&page)?).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let status = if page.valid {
        StatusCode::OK
    } else {
        StatusCode::GONE
    };
    Ok((status, render(&page)?).into_response())
}

#[derive(Deserialize)]
struct PasswordForm {
    password: String,
}

async fn invitation_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    match sessions::accept_invitation(&state, &token, &form.password).await {
        Ok(person) => {
            let session = sessions::open_session(&state, person).await?;
            let cookie = session_cookie(
                &session.token,
                state.config.session_days * 86_400,
                is_https(&headers, &state),
            );
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/me/edit")).into_response())
        }
        Err(e @ AppError::Invalid(_)) => {
            let inv = sessions::invitation(&state, &token).await?;
            let page = InvitationPage {
                nav: Nav::default(),
                valid: true,
                name: inv.name,
                email: inv.email,
                error: None,
                errors: Problems::of_error(&e).on_page(&["password"]),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    nav: Nav,
    tokens: Vec<TokenInfo>,
    new_token: Option<String>,
    error: Option<String>,
}

async fn tokens_page(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    let tokens = sessions::tokens(&state, &v).await?;
    render(&TokensPage {
        nav: Nav::load(&state, &v, "me").await?,
        tokens,
        new_token: None,
        error: None,
    })
}

#[derive(Deserialize)]
struct TokenForm {
    name: String,
}

async fn tokens_create(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(form): Form<TokenForm>,
) -> Result<Response, PageError> {
    let (new_token, error) = match sessions::issue_token(&state, &v, &form.name).await {
        Ok((_, token)) => (Some(token), None),
        Err(e @ AppError::Invalid(_)) => (None, Some(super::form::words(&e))),
        Err(e) => return Err(e.into()),
    };
    let tokens = sessions::tokens(&state, &v).await?;
    render(&TokensPage {
        nav: Nav::load(&state, &v, "me").await?,
        tokens,
        new_token,
        error,
    })
}

async fn tokens_revoke(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = rapport_core::TokenId::parse(&id).ok_or(AppError::NotFound)?;
    sessions::revoke_token(&state, &v, id).await?;
    Ok(flash::redirect(&Page::Tokens.path(), Done::Saved))
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_is_only_ever_a_path_on_this_site() {
        assert_eq!(safe_next(Some("/delegations?x=1")), "/delegations?x=1");
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\\evil.example",
            "/\n/evil.example",
            "/\r\nSet-Cookie: x=1",
            "/ /evil.example",
            "https://evil.example",
            "evil.example",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
