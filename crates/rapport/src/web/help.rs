//! Pages for "can you help me?": the list and the ask form, one request
//! with its offers and suggested helpers, and the thanks page.

use super::flash;
use super::form::{self, ConfirmPage, Problems, Question, Submitted};
use super::page::{Nav, PageError, PageViewer, render};
use super::picker::Picker;
use crate::AppState;
use crate::app::help::{self as ops, HelpView, SuggestedHelper};
use crate::app::links::Page;
use crate::app::notices::Done;
use crate::app::paging::PageRequest;
use crate::app::thanks::{self, ThanksView};
use crate::app::{Actor, AppError};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use rapport_core::{
    DelegationId, FreeText, HelpRequestId, InvalidValue, OfferId, PersonId, SkillName,
};
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
    requests: Vec<HelpView>,
    board: BoardForm,
    /// The next page's address, with the same filters.
    next: Option<String>,
    skills: Vec<String>,
    picker: Picker,
    form: AskForm,
    errors: Problems,
}

/// The board's filters as a GET form sends them (works without script).
#[derive(Deserialize, Default, Clone)]
struct BoardForm {
    #[serde(default)]
    skill: String,
    /// "yes": only skills I list as a strength.
    #[serde(default)]
    mine: String,
    /// "yes": only requests still open.
    #[serde(default)]
    open: String,
    #[serde(default)]
    cursor: String,
}

impl BoardForm {
    fn filtered(&self) -> bool {
        !self.skill.trim().is_empty() || self.mine == "yes" || self.open == "yes"
    }

    fn next(&self, cursor: &str) -> String {
        let q: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("skill", self.skill.trim())
            .append_pair("mine", &self.mine)
            .append_pair("open", &self.open)
            .append_pair("cursor", cursor)
            .finish();
        format!("/help?{q}")
    }
}

/// How many requests a board page shows.
const BOARD_PAGE: u32 = 20;

/// A request as a card on the board.
pub trait HelpLook {
    /// "no offers yet", "1 offer", "2 offers".
    fn offers_words(&self) -> String;
    /// The request's words, cut at a word (never mid-word) when long.
    fn summary(&self) -> String;
    fn status_words(&self) -> &'static str;
}

impl HelpLook for HelpView {
    fn offers_words(&self) -> String {
        match self.offer_count {
            0 => "no offers yet".into(),
            1 => "1 offer".into(),
            n => format!("{n} offers"),
        }
    }

    fn summary(&self) -> String {
        const MAX: usize = 200;
        let text = self.text.trim();
        if text.chars().count() <= MAX {
            return text.to_string();
        }
        let cut: String = text.chars().take(MAX).collect();
        let at_word = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
        format!("{}…", cut[..at_word].trim_end())
    }

    fn status_words(&self) -> &'static str {
        match self.status {
            rapport_core::help::Status::Open => "open",
            rapport_core::help::Status::Accepted => "offer accepted",
            rapport_core::help::Status::Resolved if self.helped.is_none() => "closed",
            rapport_core::help::Status::Resolved => "resolved",
        }
    }
}

async fn list_page(
    state: &AppState,
    v: &Actor,
    board: BoardForm,
    mut form: AskForm,
    errors: Problems,
) -> Result<ListPage, AppError> {
    let filters = ops::Board {
        skill: Some(board.skill.clone()),
        my_strengths: board.mine == "yes",
        open_only: board.open == "yes",
    };
    let cursor = Some(board.cursor.as_str()).filter(|c| !c.is_empty());
    let page = PageRequest::parse(Some(BOARD_PAGE), cursor)?;
    let found = ops::list(state, v, &filters, &page).await?;
    let picker = Picker::load(state, v).await?;
    form.to = picker.shown(&form.to);
    Ok(ListPage {
        nav: Nav::load(state, v, "help").await?,
        requests: found.items,
        next: found.next_cursor.map(|c| board.next(&c)),
        board,
        skills: state.store.list_skills(v.org()).await?,
        picker,
        form,
        errors: errors.on_page(&["skill", "text", "audience", "to"]),
    })
}

async fn list(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Query(board): Query<BoardForm>,
) -> Result<Response, PageError> {
    let ask = AskForm {
        audience: "org".into(),
        ..Default::default()
    };
    render(&list_page(&state, &v, board, ask, Problems::none()).await?)
}

async fn create(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<AskForm>,
) -> Result<Response, PageError> {
    // Every field's problem at once (the draft stops at its first): the
    // skill, the text and the colleague checked here, the rest by the draft.
    let mut problems = vec![];
    if let Err(e) = SkillName::parse(&f.skill) {
        problems.push(e);
    }
    if let Err(e) = FreeText::parse_required("text", &f.text, 4000) {
        problems.push(e);
    }
    let mut to = None;
    if f.audience == "person" {
        let picker = Picker::load(&state, &v).await?;
        match picker.resolve(&state, &v, "to", &f.to).await? {
            Ok(id) => to = Some(id.map(|id| id.to_string()).unwrap_or_default()),
            Err(e) => problems.push(e),
        }
    }
    let draft = ops::Draft {
        skill: f.skill.clone(),
        text: f.text.clone(),
        audience: f.audience.clone(),
        to,
    };
    let done = match draft.parse(&v) {
        Ok(cmd) if problems.is_empty() => form::submitted(ops::create(&state, &v, cmd).await)?,
        Ok(_) => form::invalid(problems),
        Err(e) => {
            problems.push(e);
            form::invalid(problems)
        }
    };
    match done {
        Submitted::Done(h) => Ok(flash::redirect(
            &Page::HelpRequest(h.id).path(),
            Done::HelpAsked,
        )),
        Submitted::Fix(fix) => {
            let board = BoardForm::default();
            fix.render(&list_page(&state, &v, board, f, fix.problems.clone()).await?)
        }
    }
}

#[derive(Template)]
#[template(path = "help_request.html")]
struct DetailPage {
    nav: Nav,
    h: HelpView,
    is_asker: bool,
    open: bool,
    suggested: Vec<SuggestedHelper>,
    /// Suggested colleagues left out because they already offered or were asked.
    involved: usize,
    error: Option<String>,
}

async fn detail_page(
    state: &AppState,
    v: &Actor,
    id: HelpRequestId,
    error: Option<String>,
) -> Result<DetailPage, AppError> {
    let h = ops::get(state, v, id).await?;
    // The asker keeps seeing who could help after an offer was accepted
    // (minus those already involved), so the panel never goes empty
    // without saying why.
    let (suggested, involved) = if h.mine {
        let all = ops::suggested_helpers(state, v, id).await?;
        let is_involved = |p: PersonId| {
            h.offers.iter().any(|o| o.helper.id == p)
                || h.asked.contains(&p)
                || h.audience == rapport_core::help::Audience::Person(p)
        };
        let involved = all.iter().filter(|s| is_involved(s.person.id)).count();
        let rest = all
            .into_iter()
            .filter(|s| !is_involved(s.person.id))
            .collect();
        (rest, involved)
    } else {
        (vec![], 0)
    };
    Ok(DetailPage {
        nav: Nav::load(state, v, "help").await?,
        is_asker: h.mine,
        open: h.status == rapport_core::help::Status::Open,
        h,
        suggested,
        involved,
        error,
    })
}

async fn detail(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = HelpRequestId::parse(&id).ok_or(AppError::NotFound)?;
    render(&detail_page(&state, &v, id, None).await?)
}

#[derive(Deserialize)]
struct ActForm {
    text: Option<String>,
    offer_id: Option<String>,
    helped: Option<String>,
    person: Option<String>,
    /// Present once the asker confirmed closing.
    confirm: Option<String>,
}

async fn act(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Path((id, action)): Path<(String, String)>,
    Form(f): Form<ActForm>,
) -> Result<Response, PageError> {
    let id = HelpRequestId::parse(&id).ok_or(AppError::NotFound)?;
    if action == "close" && f.confirm.is_none() {
        let h = ops::get(&state, &v, id).await?;
        if h.mine && h.status != rapport_core::help::Status::Resolved {
            return render(&ConfirmPage {
                nav: Nav::load(&state, &v, "help").await?,
                q: Question {
                    ask: format!("Close your request for help with {}?", h.skill),
                    then: "Nobody can offer help on it after this, and whoever offered is told. \
                           Closing says nothing about whether help helped. It cannot be undone."
                        .into(),
                    yes: "Yes, close it",
                },
                back: Page::HelpRequest(id).path(),
                back_label: format!("Help with {}", h.skill),
                action: format!("{}/close", Page::HelpRequest(id).path()),
                hidden: vec![],
            });
        }
    }
    let (result, done) = match action.as_str() {
        "offers" => (
            ops::offer(&state, &v, id, f.text.as_deref().unwrap_or(""))
                .await
                .map(|_| ()),
            Done::Offered,
        ),
        "accept" => {
            let offer = f
                .offer_id
                .as_deref()
                .and_then(OfferId::parse)
                .ok_or(AppError::NotFound)?;
            let accepted = ops::accept_offer(&state, &v, id, offer).await;
            (accepted.map(|_| ()), Done::OfferAccepted)
        }
        "resolve" => (
            ops::resolve(&state, &v, id, f.helped.as_deref() == Some("true"))
                .await
                .map(|_| ()),
            Done::Resolved,
        ),
        "close" => (
            ops::close(&state, &v, id).await.map(|_| ()),
            Done::HelpClosed,
        ),
        "ask" => {
            let person = f
                .person
                .as_deref()
                .and_then(PersonId::parse)
                .ok_or(AppError::NotFound)?;
            let asked = ops::ask_helper(&state, &v, id, person).await;
            (asked.map(|_| ()), Done::HelperAsked)
        }
        _ => (Err(AppError::NotFound), Done::Saved),
    };
    match form::submitted(result)? {
        Submitted::Done(()) => Ok(flash::redirect(&Page::HelpRequest(id).path(), done)),
        Submitted::Fix(fix) => {
            let error = fix.problems.general().first().map(|m| m.to_string());
            fix.render(&detail_page(&state, &v, id, error).await?)
        }
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
    items: Vec<ThanksView>,
    picker: Picker,
    form: ThankForm,
    errors: Problems,
}

async fn thanks_page(
    state: &AppState,
    v: &Actor,
    mut form: ThankForm,
    errors: Problems,
) -> Result<ThanksPage, AppError> {
    let items = thanks::list(state, v, &PageRequest::default()).await?;
    let picker = Picker::load(state, v).await?;
    form.to = picker.shown(&form.to);
    Ok(ThanksPage {
        nav: Nav::load(state, v, "help").await?,
        items: items.items,
        picker,
        form,
        errors: errors.on_page(&["to", "message", "visibility"]),
    })
}

async fn thanks(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Query(q): Query<ThankForm>,
) -> Result<Response, PageError> {
    render(&thanks_page(&state, &v, q, Problems::none()).await?)
}

async fn thank(
    State(state): State<AppState>,
    PageViewer(v): PageViewer,
    Form(f): Form<ThankForm>,
) -> Result<Response, PageError> {
    let picker = Picker::load(&state, &v).await?;
    // Every field's problem at once: the operation stops at its first.
    let mut problems = vec![];
    let to = match picker.resolve(&state, &v, "to", &f.to).await? {
        Ok(to) => to,
        Err(e) => {
            problems.push(e);
            None
        }
    };
    if to.is_none() && problems.is_empty() {
        problems.push(InvalidValue::new(
            "to",
            "choose the colleague you are thanking",
        ));
    }
    if let Err(e) = FreeText::parse_required("message", &f.message, 2000) {
        problems.push(e);
    }
    let draft = thanks::Draft {
        to,
        message: f.message.clone(),
        visibility: f.visibility.clone(),
        delegation_id: DelegationId::parse(&f.delegation_id),
        help_request_id: HelpRequestId::parse(&f.help_request_id),
    };
    let done = if problems.is_empty() {
        form::submitted(thanks::thank(&state, &v, draft).await)?
    } else {
        form::invalid(problems)
    };
    match done {
        Submitted::Done(_) => Ok(flash::redirect(&Page::Thanks.path(), Done::Thanked)),
        Submitted::Fix(fix) => fix.render(&thanks_page(&state, &v, f, fix.problems.clone()).await?),
    }
}
