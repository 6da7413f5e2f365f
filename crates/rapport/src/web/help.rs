//! Pages for "can you help me?": the list and the ask form, one request
//! with its offers and suggested helpers, and the thanks page.

use super::page::{Nav, PageError, PageViewer, colleagues, render};
use crate::app::Actor;
use crate::http::appreciations::{self, AppreciationOut};
use crate::http::help::{self as api, HelpRequestOut, SuggestedHelper};
use crate::{AppError, AppState};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use rapport_core::{DelegationId, HelpRequestId, OfferId, PersonId, SkillName};
use rapport_store::Person;
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/help", get(list).post(create))
        .route("/help/{id}", get(detail))
        .route("/help/{id}/{action}", post(act))
        .route("/thanks", get(thanks).post(thank))
        .route("/thanks/new", get(thanks))
}

#[derive(Deserialize, Default)]
struct AskForm {
    #[serde(default)]
    skill: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    audience: String,
    #[serde(default)]
    to: String,
}

#[derive(Template)]
#[template(path = "help.html")]
struct ListPage {
    nav: Nav,
    requests: Vec<HelpRequestOut>,
    skills: Vec<String>,
    people: Vec<Person>,
    form: AskForm,
    errors: Vec<String>,
    me: String,
}

async fn list_page(
    state: &AppState,
    v: &Actor,
    form: AskForm,
    errors: Vec<String>,
) -> Result<ListPage, AppError> {
    let me = &v.person;
    let requests = state
        .store
        .list_help_requests(me.org_id, me.id, me.team_id, 100)
        .await?;
    Ok(ListPage {
        nav: Nav::load(state, v, "help").await?,
        requests: requests.into_iter().map(Into::into).collect(),
        skills: state.store.list_skills(me.org_id).await?,
        people: colleagues(state, v, &form.to).await?,
        form,
        errors,
        me: me.id.to_string(),
    })
}

async fn list(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
) -> Result<Response, PageError> {
    render(
        &list_page(
            &state,
            &v,
            AskForm {
                audience: "org".into(),
                ..Default::default()
            },
            vec![],
        )
        .await?,
    )
}

async fn create(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<AskForm>,
) -> Result<Response, PageError> {
    let body = api::CreateBody {
        skill: f.skill.clone(),
        text: f.text.clone(),
        audience: f.audience.clone(),
        to: if f.audience == "person" {
            Some(f.to.clone())
        } else {
            None
        },
    };
    let result = async {
        let new = api::parse_new(&state, &v, body).await?;
        Ok::<_, AppError>(
            state
                .store
                .create_help_request(v.person.org_id, &new, state.now())
                .await?,
        )
    }
    .await;
    match result {
        Ok(h) => Ok(Redirect::to(&format!("/help/{}", h.id)).into_response()),
        Err(e @ AppError::Invalid(_)) => Ok((
            e.status(),
            render(&list_page(&state, &v, f, vec![e.to_string()]).await?)?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "help_request.html")]
struct DetailPage {
    nav: Nav,
    h: HelpRequestOut,
    is_asker: bool,
    suggested: Vec<SuggestedHelper>,
    helper_id: Option<String>,
    error: Option<String>,
}

async fn detail_page(
    state: &AppState,
    v: &Actor,
    id: &str,
    error: Option<String>,
) -> Result<DetailPage, AppError> {
    let h = api::load(state, v, id).await?;
    let is_asker = h.asker_id == v.person.id;
    let suggested = if is_asker && h.status == "open" {
        api::suggestions(state, v, &SkillName::parse(&h.skill)?.key(), 5).await?
    } else {
        vec![]
    };
    let helper_id = h
        .accepted_offer
        .and_then(|a| h.offers.iter().find(|o| o.id == a))
        .map(|o| o.helper_id.to_string());
    Ok(DetailPage {
        nav: Nav::load(state, v, "help").await?,
        h: h.into(),
        is_asker,
        suggested,
        helper_id,
        error,
    })
}

async fn detail(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    render(&detail_page(&state, &v, &id, None).await?)
}

#[derive(Deserialize)]
struct ActForm {
    text: Option<String>,
    offer_id: Option<String>,
    helped: Option<String>,
}

async fn act(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path((id, action)): Path<(String, String)>,
    Form(f): Form<ActForm>,
) -> Result<Response, PageError> {
    let result = match action.as_str() {
        "offers" => api::make_offer(&state, &v, &id, f.text.as_deref().unwrap_or(""))
            .await
            .map(|_| ()),
        "accept" => {
            let offer = f
                .offer_id
                .as_deref()
                .and_then(OfferId::parse)
                .ok_or(AppError::NotFound)?;
            api::accept(&state, &v, &id, offer).await.map(|_| ())
        }
        "resolve" => api::resolve_request(&state, &v, &id, f.helped.as_deref() == Some("true"))
            .await
            .map(|_| ()),
        _ => Err(AppError::NotFound),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/help/{id}")).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict { .. } | AppError::Forbidden(_))) => {
            Ok((
                e.status(),
                render(&detail_page(&state, &v, &id, Some(e.to_string())).await?)?,
            )
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
struct ThankForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    delegation_id: String,
    #[serde(default)]
    help_request_id: String,
}

#[derive(Template)]
#[template(path = "thanks.html")]
struct ThanksPage {
    nav: Nav,
    items: Vec<AppreciationOut>,
    people: Vec<Person>,
    form: ThankForm,
    errors: Vec<String>,
}

async fn thanks_page(
    state: &AppState,
    v: &Actor,
    form: ThankForm,
    errors: Vec<String>,
) -> Result<ThanksPage, AppError> {
    let me = &v.person;
    let items = state
        .store
        .list_appreciations(me.org_id, me.id, me.team_id, 100)
        .await?;
    let people = colleagues(state, v, &form.to).await?;
    Ok(ThanksPage {
        nav: Nav::load(state, v, "help").await?,
        items: items.into_iter().map(Into::into).collect(),
        people,
        form,
        errors,
    })
}

async fn thanks(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Query(q): Query<ThankForm>,
) -> Result<Response, PageError> {
    render(&thanks_page(&state, &v, q, vec![]).await?)
}

async fn thank(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<ThankForm>,
) -> Result<Response, PageError> {
    let result = async {
        let to = PersonId::parse(&f.to)
            .ok_or_else(|| rapport_core::InvalidValue::new("to", "choose a colleague"))?;
        let body = appreciations::CreateBody {
            to,
            message: f.message.clone(),
            visibility: if f.visibility.is_empty() {
                "private".into()
            } else {
                f.visibility.clone()
            },
            delegation_id: DelegationId::parse(&f.delegation_id),
            help_request_id: HelpRequestId::parse(&f.help_request_id),
        };
        appreciations::thank(&state, &v, body).await
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to("/thanks").into_response()),
        Err(e @ AppError::Invalid(_)) => Ok((
            e.status(),
            render(&thanks_page(&state, &v, f, vec![e.to_string()]).await?)?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}
