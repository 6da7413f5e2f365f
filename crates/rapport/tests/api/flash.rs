//! A confirmation after every kind of page action: shown once on the page
//! the action's redirect lands on, in a status region, and gone from the
//! page after that; no JavaScript involved (plain form posts).

use crate::delegations::{Pair, pair};
use crate::helpers::*;
use reqwest::{Client, StatusCode};

const SLUG: &str = "building-great-relationships";
/// A page form with no fields, as a browser sends it.
const NO_FIELDS: [(&str, &str); 0] = [];

impl Pair {
    /// Posts a page form and asserts the page it lands on confirms `words`
    /// once, in a `role="status"` region, and that the next visit does not.
    async fn confirmed(
        &self,
        who: &Client,
        path: &str,
        form: &[(&str, &str)],
        words: &str,
    ) -> String {
        let res = who
            .post(self.app.url(path))
            .form(form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let landed = res.url().path().to_string();
        let page = res.text().await.unwrap();
        assert_eq!(page.matches(words).count(), 1, "{path} → {landed}: {page}");
        let region = page
            .split(r#"role="status">"#)
            .nth(1)
            .unwrap_or_else(|| panic!("{path}: no status region"));
        assert!(region.starts_with(words), "{path}: {region:.120}");
        let again = who.get(self.app.url(&landed)).send().await.unwrap();
        let again = again.text().await.unwrap();
        assert!(!again.contains(words), "{path}: shown twice on {landed}");
        landed
    }

    async fn person_id(&self, email: &str) -> String {
        let email = rapport_core::Email::parse(email).unwrap();
        let p = self.app.store.person_by_email(self.app.org, &email).await;
        p.unwrap().id.to_string()
    }
}

fn id_of(landed: &str) -> String {
    landed.rsplit('/').next().unwrap().to_string()
}

/// Delegating, accepting, marking done, recording, declining, withdrawing:
/// each is confirmed once; an action that cannot be undone asks first.
#[tokio::test]
async fn each_delegation_action_is_confirmed_once() {
    let p = pair().await;
    let mo = p.mo_id.clone();
    let new = |title: &'static str| {
        [
            ("to", mo.clone()),
            ("title", title.to_string()),
            ("stakes", "small".into()),
        ]
    };
    let form = new("Draft the agenda");
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let landed = p
        .confirmed(
            &p.alice,
            "/delegations/new",
            &form,
            "Asked. They get a notification",
        )
        .await;
    let d = format!("/delegations/{}", id_of(&landed));
    p.confirmed(
        &p.mo,
        &format!("{d}/accept"),
        &[],
        "Accepted. When it is done",
    )
    .await;

    let asked =
        p.mo.post(p.app.url(&format!("{d}/mark-done")))
            .form(&NO_FIELDS)
            .send()
            .await
            .unwrap();
    let asked = asked.text().await.unwrap();
    assert!(asked.contains("Yes, it is done"), "asked first: {asked}");
    let (_, still) = json(
        p.mo.get(p.app.url(&format!("/api/v1{d}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        still["marked_done_at"].is_null(),
        "nothing done before the yes"
    );
    p.confirmed(
        &p.mo,
        &format!("{d}/mark-done"),
        &[("confirm", "yes")],
        "Marked done.",
    )
    .await;
    p.confirmed(
        &p.alice,
        &format!("{d}/complete"),
        &[("confirm", "yes"), ("outcome", "delivered"), ("note", "")],
        "Outcome recorded.",
    )
    .await;

    let declined = p.delegate("Order the chairs").await;
    p.confirmed(
        &p.mo,
        &format!("/delegations/{declined}/decline"),
        &[("confirm", "yes")],
        "Declined. Saying no up front is honest",
    )
    .await;
    let withdrawn = p.delegate("Print the posters").await;
    p.confirmed(
        &p.alice,
        &format!("/delegations/{withdrawn}/withdraw"),
        &[("confirm", "yes")],
        "Withdrawn. They have been told",
    )
    .await;
}

/// Asking for help, offering, asking a helper, accepting an offer,
/// closing, thanking: each is confirmed once.
#[tokio::test]
async fn each_help_action_is_confirmed_once() {
    let p = pair().await;
    let landed = p
        .confirmed(
            &p.alice,
            "/help",
            &[
                ("skill", "SQL"),
                ("text", "A query is slow"),
                ("audience", "org"),
            ],
            "Your request is out.",
        )
        .await;
    let h = format!("/help/{}", id_of(&landed));
    p.confirmed(
        &p.mo,
        &format!("{h}/offers"),
        &[("text", "I can pair")],
        "Offer sent.",
    )
    .await;
    let tess = p.person_id("tess@acme.example").await;
    p.confirmed(
        &p.alice,
        &format!("{h}/ask"),
        &[("person", &tess)],
        "Asked. They get a notification with a link",
    )
    .await;
    let (_, req) = json(
        p.alice
            .get(
                p.app
                    .url(&format!("/api/v1/help-requests/{}", id_of(&landed))),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    let offer = req["offers"][0]["id"].as_str().unwrap().to_string();
    p.confirmed(
        &p.alice,
        &format!("{h}/accept"),
        &[("offer_id", &offer)],
        "Offer accepted.",
    )
    .await;
    let closing = p
        .alice
        .post(p.app.url(&format!("{h}/close")))
        .form(&NO_FIELDS)
        .send()
        .await
        .unwrap();
    assert!(
        closing.text().await.unwrap().contains("Yes, close it"),
        "asked first"
    );
    p.confirmed(
        &p.alice,
        &format!("{h}/close"),
        &[("confirm", "yes")],
        "Request closed.",
    )
    .await;
    let mo = p.mo_id.clone();
    p.confirmed(
        &p.alice,
        "/thanks",
        &[
            ("to", &mo),
            ("message", "Thanks for the pairing"),
            ("visibility", "private"),
        ],
        "Thanks sent.",
    )
    .await;
}

/// Enrolling, starting a check-in, and saving a setting are confirmed once.
#[tokio::test]
async fn enrolling_checking_in_and_settings_are_confirmed_once() {
    let p = pair().await;
    p.confirmed(
        &p.mo,
        &format!("/courses/{SLUG}/enroll"),
        &[],
        "Enrolled. Start with part 1.",
    )
    .await;
    let alice = p.alice_id.clone();
    let check_in = p
        .confirmed(
            &p.mo,
            "/check-ins",
            &[("with", &alice)],
            "Check-in started.",
        )
        .await;
    let scores = [
        ("count_on", "4"),
        ("would_help", "4"),
        ("admit_mistakes", "3"),
        ("communication", "4"),
        ("know_as_person", "2"),
        ("improve", "More time together"),
        ("works", "Clear asks"),
    ];
    p.confirmed(
        &p.mo,
        &format!("{check_in}/answer"),
        &scores,
        "Answer saved.",
    )
    .await;
    p.confirmed(&p.mo, "/me/email", &[("frequency", "daily")], "Saved.")
        .await;
}

/// A confirmation that lands on a page answered from memory (the home
/// page) is still shown there once: that one answer is the page's own.
#[tokio::test]
async fn a_confirmation_on_a_cached_page_is_shown_once() {
    let p = pair().await;
    let id = p.delegate("Book the offsite venue").await;
    p.act(&p.mo, &id, "accept", None).await;
    p.act(&p.mo, &id, "mark-done", None).await;
    p.act(
        &p.alice,
        &id,
        "complete",
        Some(serde_json::json!({"outcome": "missed"})),
    )
    .await;
    let warm = p.alice.get(p.app.url("/")).send().await.unwrap();
    assert_eq!(warm.status(), StatusCode::OK);
    let (_, nudges) = json(
        p.alice
            .get(p.app.url("/api/v1/me/nudges"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let nudge = nudges["items"][0]["id"]
        .as_str()
        .expect("a nudge")
        .to_string();
    p.confirmed(
        &p.alice,
        &format!("/nudges/{nudge}/snooze"),
        &[],
        "Done. The suggestion is updated.",
    )
    .await;
}
