//! "Can you help me?": who sees a request, offers, the request's
//! transitions, and who is found strong in a skill.

use crate::{
    add, add_in, assert_conflict, assert_not_found, at, each_backend, notices_of, org, org_with,
    set_skills, team,
};
use rapport_core::help::{Audience, Status};
use rapport_core::{HelpRequestId, OrgId, PersonId, SkillName, TeamId};
use rapport_store::{HelpRequest, Message, NewHelpRequest, Store, StoreResult, Trail};

fn request(asker: PersonId, audience: Audience) -> NewHelpRequest {
    NewHelpRequest {
        id: HelpRequestId::new(),
        asker,
        skill: SkillName::parse("Rust").unwrap(),
        text: "How do lifetimes work?".into(),
        audience,
    }
}

/// What those asked are told of a request (the caller's words).
fn asking(r: &NewHelpRequest) -> Message {
    Message {
        text: "Can you help with Rust?".into(),
        link: format!("/help/{}", r.id),
    }
}

/// What the asker is told of an offer.
fn offered(request: HelpRequestId) -> Message {
    Message {
        text: "Someone offered to help".into(),
        link: format!("/help/{request}"),
    }
}

async fn ask(s: &Store, o: OrgId, asker: PersonId, to: Audience, minute: i64) -> HelpRequest {
    let r = request(asker, to);
    s.create_help_request(o, &r, &asking(&r), at(minute))
        .await
        .unwrap()
}

async fn ask_person(
    s: &Store,
    o: OrgId,
    asker: PersonId,
    to: PersonId,
    minute: i64,
) -> HelpRequest {
    ask(s, o, asker, Audience::Person(to), minute).await
}

async fn ask_team(s: &Store, o: OrgId, asker: PersonId, to: TeamId, minute: i64) -> HelpRequest {
    ask(s, o, asker, Audience::Team(to), minute).await
}

async fn ask_everyone(s: &Store, o: OrgId, asker: PersonId, minute: i64) -> HelpRequest {
    ask(s, o, asker, Audience::Org, minute).await
}

async fn offer(
    s: &Store,
    o: OrgId,
    h: HelpRequestId,
    helper: PersonId,
    text: &str,
    minute: i64,
) -> StoreResult<rapport_core::OfferId> {
    s.add_offer(o, h, helper, text, &offered(h), at(minute))
        .await
}

/// A person's requests as listed for them (one page of up to `limit`).
async fn listed(s: &Store, o: OrgId, p: PersonId, limit: u32) -> Vec<HelpRequestId> {
    let page = s
        .list_help_requests(o, p, None, &Default::default(), limit, None)
        .await
        .unwrap();
    page.items.into_iter().map(|h| h.id).collect()
}

/// Moves a request between states, with no trail.
async fn change(
    s: &Store,
    o: OrgId,
    h: &HelpRequest,
    from_to: (Status, Status),
    offer_helped: (Option<rapport_core::OfferId>, Option<bool>),
) -> StoreResult<HelpRequest> {
    s.change_help_request(o, h.id, from_to, offer_helped, &Trail::default(), at(50))
        .await
}

/// An open request reaches whom it is addressed to (a person, their team, or
/// everyone), never its asker, and leaves a helper's list once they offered
/// or once it is no longer open.
#[tokio::test]
async fn a_request_reaches_whom_it_is_addressed_to_while_open() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let platform = team(&s, o, "Platform").await;
        let asker = add(&s, o, "asker@acme.example", "Asker").await;
        let named = add(&s, o, "named@acme.example", "Named").await;
        let member = add_in(&s, o, platform, "member@acme.example", "Member").await;
        let outsider = add(&s, o, "out@acme.example", "Outsider").await;
        let to_person = ask_person(&s, o, asker, named, 0).await;
        let to_team = ask_team(&s, o, asker, platform, 1).await;
        let to_all = ask_everyone(&s, o, asker, 2).await;
        let ids = |hs: Vec<HelpRequest>| hs.into_iter().map(|h| h.id).collect::<Vec<_>>();
        let for_ = |p, t| s.help_requests_for(o, p, t, 10);

        assert_eq!(
            ids(for_(named, None).await.unwrap()),
            [to_all.id, to_person.id]
        );
        assert_eq!(
            ids(for_(member, Some(platform)).await.unwrap()),
            [to_all.id, to_team.id]
        );
        assert_eq!(ids(for_(outsider, None).await.unwrap()), [to_all.id]);
        assert!(for_(asker, None).await.unwrap().is_empty());
        assert_eq!(
            listed(&s, o, asker, 10).await,
            [to_all.id, to_team.id, to_person.id]
        );
        assert_eq!(listed(&s, o, asker, 2).await, [to_all.id, to_team.id]);
        assert_eq!(listed(&s, o, named, 10).await, [to_all.id, to_person.id]);

        offer(&s, o, to_all.id, named, "Happy to", 3).await.unwrap();
        assert_eq!(ids(for_(named, None).await.unwrap()), [to_person.id]);
        let offer = s.help_request(o, to_all.id).await.unwrap().offers[0].id;
        change(
            &s,
            o,
            &to_all,
            (Status::Open, Status::Accepted),
            (Some(offer), None),
        )
        .await
        .unwrap();
        assert!(for_(outsider, None).await.unwrap().is_empty());
        assert!(listed(&s, o, outsider, 10).await.is_empty());
    })
    .await;
}

/// One offer per person per request, and only while the request is open;
/// offers are read back in the order they came.
#[tokio::test]
async fn help_is_offered_once_per_person_and_only_while_open() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 4).await;
        let h = ask_everyone(&s, o, p[0], 0).await;
        let first = offer(&s, o, h.id, p[2], "Me", 2).await.unwrap();
        let second = offer(&s, o, h.id, p[1], "Me too", 3).await.unwrap();
        assert_conflict(
            offer(&s, o, h.id, p[2], "Again", 4).await,
            "already_offered",
        );
        let offers = s.help_request(o, h.id).await.unwrap().offers;
        assert_eq!(
            offers
                .iter()
                .map(|x| (x.id, x.text.as_str()))
                .collect::<Vec<_>>(),
            [(first, "Me"), (second, "Me too")]
        );
        change(
            &s,
            o,
            &h,
            (Status::Open, Status::Accepted),
            (Some(first), None),
        )
        .await
        .unwrap();
        assert_conflict(offer(&s, o, h.id, p[3], "Late", 5).await, "wrong_state");
        assert_eq!(s.help_request(o, h.id).await.unwrap().offers.len(), 2);
        assert_eq!(
            notices_of(&s, p[0]).await.len(),
            2,
            "the asker is told of each offer that was made, and only those"
        );
    })
    .await;
}

/// A request moves only from the state it was decided from, and keeps what
/// each step recorded.
#[tokio::test]
async fn a_request_changes_only_from_the_state_it_was_decided_from() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let h = ask_person(&s, o, p[0], p[1], 0).await;
        let offer = offer(&s, o, h.id, p[1], "Sure", 1).await.unwrap();
        let (open, accepted, resolved) = (Status::Open, Status::Accepted, Status::Resolved);
        let now_accepted = change(&s, o, &h, (open, accepted), (Some(offer), None))
            .await
            .unwrap();
        assert_eq!(
            (now_accepted.status, now_accepted.accepted_offer),
            (accepted, Some(offer))
        );
        assert_eq!(now_accepted.accepted_helper(), Some(p[1]));
        assert_conflict(
            change(&s, o, &h, (open, resolved), (None, Some(false))).await,
            "wrong_state",
        );
        let now_resolved = change(&s, o, &h, (accepted, resolved), (None, Some(true)))
            .await
            .unwrap();
        assert_eq!(
            (
                now_resolved.status,
                now_resolved.accepted_offer,
                now_resolved.helped
            ),
            (resolved, Some(offer), Some(true))
        );
        assert_conflict(
            change(&s, o, &h, (accepted, resolved), (None, Some(false))).await,
            "wrong_state",
        );
        assert_eq!(s.help_request(o, h.id).await.unwrap().helped, Some(true));
    })
    .await;
}

/// A request never crosses organizations: not to someone or a team of
/// another, and not readable or answerable from another.
#[tokio::test]
async fn a_request_never_crosses_organizations() {
    each_backend(|s| async move {
        let (acme, a) = org_with(&s, "acme", 2).await;
        let (globex, g) = org_with(&s, "globex", 1).await;
        let sales = team(&s, globex, "Sales").await;
        let r = request(a[0], Audience::Person(g[0]));
        assert_not_found(s.create_help_request(acme, &r, &asking(&r), at(0)).await);
        let r = request(a[0], Audience::Team(sales));
        assert_not_found(s.create_help_request(acme, &r, &asking(&r), at(0)).await);
        assert!(listed(&s, acme, a[0], 10).await.is_empty());
        assert!(notices_of(&s, g[0]).await.is_empty(), "nobody was told");

        let h = ask_everyone(&s, acme, a[0], 1).await;
        assert_not_found(s.help_request(globex, h.id).await);
        assert_not_found(offer(&s, globex, h.id, g[0], "Hi", 2).await);
        assert!(
            s.help_requests_for(globex, g[0], None, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            change(
                &s,
                globex,
                &h,
                (Status::Open, Status::Resolved),
                (None, None)
            )
            .await
            .is_err()
        );
        assert_eq!(
            s.help_request(acme, h.id).await.unwrap().status,
            Status::Open
        );
    })
    .await;
}

/// Matching finds people strong in a skill, with their shared growth areas
/// only: an unshared growth area never leaves the store.
#[tokio::test]
async fn matching_never_sees_an_unshared_growth_area() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 3).await;
        let (globex, g) = org_with(&s, "globex", 1).await;
        set_skills(
            &s,
            o,
            p[0],
            &["Rust", "Go"],
            &[("Public speaking", false), ("SQL", true)],
        )
        .await;
        set_skills(&s, o, p[1], &["Python"], &[("Rust", true)]).await;
        set_skills(&s, o, p[2], &["Rust"], &[]).await;
        set_skills(&s, globex, g[0], &["Rust"], &[]).await;

        let mut found = s.people_strong_in(o, "rust").await.unwrap();
        found.sort_by_key(|x| if x.id == p[0] { 0 } else { 1 });
        assert_eq!(found.iter().map(|x| x.id).collect::<Vec<_>>(), [p[0], p[2]]);
        let keys =
            |set: &std::collections::BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&found[0].strengths), ["go", "rust"]);
        assert_eq!(keys(&found[0].shared_growth), ["sql"]);
        assert!(
            s.people_strong_in(o, "public speaking")
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

/// A request's message reaches those it asks, as given: the person asked,
/// or every member of the team asked but the asker (a request to everyone
/// tells nobody); an offer's message reaches the asker.
#[tokio::test]
async fn a_requests_message_reaches_those_asked_and_an_offers_the_asker() {
    each_backend(|s| async move {
        let o = org(&s, "acme").await;
        let platform = team(&s, o, "Platform").await;
        let asker = add_in(&s, o, platform, "asker@acme.example", "Asker").await;
        let mate = add_in(&s, o, platform, "mate@acme.example", "Mate").await;
        let named = add(&s, o, "named@acme.example", "Named").await;
        let outsider = add(&s, o, "out@acme.example", "Outsider").await;
        let told = |r: &NewHelpRequest| {
            let m = asking(r);
            (m.text, m.link)
        };

        let to_named = request(asker, Audience::Person(named));
        let h = s
            .create_help_request(o, &to_named, &asking(&to_named), at(0))
            .await
            .unwrap();
        assert_eq!(h.audience, Audience::Person(named));
        assert_eq!(notices_of(&s, named).await, [told(&to_named)]);
        assert!(notices_of(&s, mate).await.is_empty());

        let to_team = request(asker, Audience::Team(platform));
        s.create_help_request(o, &to_team, &asking(&to_team), at(1))
            .await
            .unwrap();
        assert_eq!(notices_of(&s, mate).await, [told(&to_team)]);
        assert_eq!(notices_of(&s, named).await, [told(&to_named)]);

        ask_everyone(&s, o, asker, 2).await;
        assert!(notices_of(&s, outsider).await.is_empty());
        assert!(notices_of(&s, asker).await.is_empty(), "never the asker");

        offer(&s, o, to_named.id, named, "I can", 3).await.unwrap();
        let m = offered(to_named.id);
        assert_eq!(notices_of(&s, asker).await, [(m.text, m.link)]);
    })
    .await;
}

/// A person's requests page newest first, each seen exactly once, through
/// ties in creation time; the last page says there is no next one.
#[tokio::test]
async fn help_requests_page_newest_first_each_seen_once() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 2).await;
        let mut made = Vec::new();
        for i in 0..7 {
            // Two at each minute: the cursor's id breaks the tie.
            let to = if i % 2 == 0 {
                Audience::Org
            } else {
                Audience::Person(p[1])
            };
            made.push(ask(&s, o, p[0], to, i / 2).await);
        }
        let pages = walk!(|after| s
            .list_help_requests(o, p[0], None, &Default::default(), 3, after)
            .await);
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [3, 3, 1]);
        let walked = pages.concat();
        assert!(
            walked
                .windows(2)
                .all(|w| (w[0].created_at, w[0].id) > (w[1].created_at, w[1].id)),
            "newest first, ties by id"
        );
        let mut seen: Vec<HelpRequestId> = walked.iter().map(|h| h.id).collect();
        let mut all: Vec<HelpRequestId> = made.iter().map(|h| h.id).collect();
        seen.sort();
        all.sort();
        assert_eq!(seen, all, "each exactly once");
    })
    .await;
}

/// A colleague asked directly is kept once and told once; a second ask is a
/// conflict; a person of another organization is not found; a request no
/// longer open cannot be asked about; closing keeps no verdict.
#[tokio::test]
async fn a_helper_is_asked_once_within_the_organization_while_open() {
    each_backend(|s| async move {
        let (o, p) = org_with(&s, "acme", 3).await;
        let (other_org, stranger) = org_with(&s, "globex", 1).await;
        let _ = other_org;
        let h = ask_person(&s, o, p[0], p[1], 0).await;
        let m = Message {
            text: "Asker asked you directly".into(),
            link: format!("/help/{}", h.id),
        };
        s.ask_helper(o, h.id, p[2], &m, at(1)).await.unwrap();
        assert_eq!(s.help_request(o, h.id).await.unwrap().asked, [p[2]]);
        assert_eq!(
            notices_of(&s, p[2]).await,
            [(m.text.clone(), m.link.clone())]
        );
        assert_conflict(
            s.ask_helper(o, h.id, p[2], &m, at(2)).await,
            "already_asked",
        );
        assert_eq!(notices_of(&s, p[2]).await.len(), 1, "told once");
        assert_not_found(s.ask_helper(o, h.id, stranger[0], &m, at(3)).await);
        assert!(notices_of(&s, stranger[0]).await.is_empty());

        let closed = change(&s, o, &h, (Status::Open, Status::Resolved), (None, None))
            .await
            .unwrap();
        assert_eq!((closed.status, closed.helped), (Status::Resolved, None));
        assert_conflict(s.ask_helper(o, h.id, p[1], &m, at(4)).await, "wrong_state");
    })
    .await;
}
