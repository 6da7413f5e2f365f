//! "Can you help me?": who sees a request, offers, the request's
//! transitions, and who is found strong in a skill.

use crate::{
    add, add_in, assert_conflict, assert_not_found, at, each_backend, org, org_with, set_skills,
    team,
};
use rapport_core::{OrgId, PersonId, SkillName, TeamId};
use rapport_store::{HelpRequest, NewHelpRequest, Store, StoreResult, Trail};

fn request(asker: PersonId, audience: &'static str) -> NewHelpRequest {
    NewHelpRequest {
        asker,
        skill: SkillName::parse("Rust").unwrap(),
        text: "How do lifetimes work?".into(),
        audience,
        to_person: None,
        to_team: None,
    }
}

async fn ask_person(
    s: &Store,
    o: OrgId,
    asker: PersonId,
    to: PersonId,
    minute: i64,
) -> HelpRequest {
    let mut r = request(asker, "person");
    r.to_person = Some(to);
    s.create_help_request(o, &r, at(minute)).await.unwrap()
}

async fn ask_team(s: &Store, o: OrgId, asker: PersonId, to: TeamId, minute: i64) -> HelpRequest {
    let mut r = request(asker, "team");
    r.to_team = Some(to);
    s.create_help_request(o, &r, at(minute)).await.unwrap()
}

async fn ask_everyone(s: &Store, o: OrgId, asker: PersonId, minute: i64) -> HelpRequest {
    s.create_help_request(o, &request(asker, "org"), at(minute))
        .await
        .unwrap()
}

/// Moves a request between states, with no trail.
async fn change(
    s: &Store,
    o: OrgId,
    h: &HelpRequest,
    from_to: (&str, &str),
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
            ids(s.list_help_requests(o, asker, None, 10).await.unwrap()),
            [to_all.id, to_team.id, to_person.id]
        );
        assert_eq!(
            ids(s.list_help_requests(o, asker, None, 2).await.unwrap()),
            [to_all.id, to_team.id]
        );

        s.add_offer(o, to_all.id, named, "Happy to", at(3))
            .await
            .unwrap();
        assert_eq!(ids(for_(named, None).await.unwrap()), [to_person.id]);
        let offer = s.help_request(o, to_all.id).await.unwrap().offers[0].id;
        change(&s, o, &to_all, ("open", "accepted"), (Some(offer), None))
            .await
            .unwrap();
        assert!(for_(outsider, None).await.unwrap().is_empty());
        assert!(
            s.list_help_requests(o, outsider, None, 10)
                .await
                .unwrap()
                .is_empty()
        );
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
        let first = s.add_offer(o, h.id, p[2], "Me", at(2)).await.unwrap();
        let second = s.add_offer(o, h.id, p[1], "Me too", at(3)).await.unwrap();
        assert_conflict(
            s.add_offer(o, h.id, p[2], "Again", at(4)).await,
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
        change(&s, o, &h, ("open", "accepted"), (Some(first), None))
            .await
            .unwrap();
        assert_conflict(
            s.add_offer(o, h.id, p[3], "Late", at(5)).await,
            "wrong_state",
        );
        assert_eq!(s.help_request(o, h.id).await.unwrap().offers.len(), 2);
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
        let offer = s.add_offer(o, h.id, p[1], "Sure", at(1)).await.unwrap();
        let accepted = change(&s, o, &h, ("open", "accepted"), (Some(offer), None))
            .await
            .unwrap();
        assert_eq!(
            (accepted.status.as_str(), accepted.accepted_offer),
            ("accepted", Some(offer))
        );
        assert_conflict(
            change(&s, o, &h, ("open", "resolved"), (None, Some(false))).await,
            "wrong_state",
        );
        let resolved = change(&s, o, &h, ("accepted", "resolved"), (None, Some(true)))
            .await
            .unwrap();
        assert_eq!(
            (
                resolved.status.as_str(),
                resolved.accepted_offer,
                resolved.helped
            ),
            ("resolved", Some(offer), Some(true))
        );
        assert_conflict(
            change(&s, o, &h, ("accepted", "resolved"), (None, Some(false))).await,
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
        let mut r = request(a[0], "person");
        r.to_person = Some(g[0]);
        assert_not_found(s.create_help_request(acme, &r, at(0)).await);
        let mut r = request(a[0], "team");
        r.to_team = Some(sales);
        assert_not_found(s.create_help_request(acme, &r, at(0)).await);
        assert!(
            s.list_help_requests(acme, a[0], None, 10)
                .await
                .unwrap()
                .is_empty()
        );

        let h = ask_everyone(&s, acme, a[0], 1).await;
        assert_not_found(s.help_request(globex, h.id).await);
        assert_not_found(s.add_offer(globex, h.id, g[0], "Hi", at(2)).await);
        assert!(
            s.help_requests_for(globex, g[0], None, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            change(&s, globex, &h, ("open", "resolved"), (None, None))
                .await
                .is_err()
        );
        assert_eq!(s.help_request(acme, h.id).await.unwrap().status, "open");
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
