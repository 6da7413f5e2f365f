//! Signing in and out through the API, and `GET /api/v1/me`.

use super::people::PersonOut;
use super::{ApiJson, ErrorBody};
use crate::AppState;
use crate::app::{Actor, AppResult, people, sessions};
use crate::auth::{
    DEVICE_COOKIE, clear_session_cookie, cookie, is_https, session_token, sign_in_cookies,
};
use crate::client_ip::ClientIp;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(logout_everywhere))
        .routes(routes!(get_me))
}

#[derive(Deserialize, ToSchema)]
pub struct LoginBody {
    email: String,
    password: String,
}

/// Signs in with email and password; sets the session cookie.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", security(()), request_body = LoginBody,
    responses((status = 200, body = PersonOut), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[tracing::instrument(skip_all)]
async fn login(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<LoginBody>,
) -> AppResult<Response> {
    let device = cookie(&headers, DEVICE_COOKIE);
    let from = sessions::Attempt {
        client,
        device: device.as_deref(),
    };
    let session = sessions::sign_in(&state, &body.email, &body.password, from).await?;
    let cookies = AppendHeaders(sign_in_cookies(&session, &state, &headers));
    let me: PersonOut = people::me(&state, &crate::app::Actor::new(session.person.clone()))
        .await?
        .into();
    Ok((cookies, Json(me)).into_response())
}

/// Signs out: ends the session and clears the cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204)))]
async fn logout(State(state): State<AppState>, req: axum::extract::Request) -> AppResult<Response> {
    let (parts, _) = req.into_parts();
    sessions::sign_out(&state, session_token(&parts).as_deref()).await?;
    let cookie = clear_session_cookie(is_https(&parts.headers, &state));
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

/// Signs out everywhere: ends every session of the person, this one
/// included, on every instance at once, and clears the cookie. Personal
/// access tokens keep working (revoke them one by one).
#[utoipa::path(post, path = "/api/v1/auth/logout-everywhere", tag = "auth",
    responses((status = 204, description = "Every session of the person has ended"), (status = 401, body = ErrorBody)))]
#[tracing::instrument(skip_all)]
async fn logout_everywhere(
    State(state): State<AppState>,
    actor: Actor,
    headers: HeaderMap,
) -> AppResult<Response> {
    sessions::sign_out_everywhere(&state, &actor).await?;
    let cookie = clear_session_cookie(is_https(&headers, &state));
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

/// The signed-in person, with their own skills (private growth areas too).
#[utoipa::path(get, path = "/api/v1/me", tag = "auth",
    responses((status = 200, body = PersonOut), (status = 401, body = ErrorBody)))]
async fn get_me(State(state): State<AppState>, actor: Actor) -> AppResult<Json<PersonOut>> {
    Ok(Json(people::me(&state, &actor).await?.into()))
}
