//! One test per nudge kind: it appears when its rule holds, and not when
//! it does not.

use rapport_core::nudges::*;
use rapport_core::trust::*;

use super::nudge_support::*;

/// first_trust: teammates never relied on, never people of other teams,
/// and gone once the viewer delegates or asks for help.
#[test]
fn first_trust_suggests_teammates_the_viewer_never_relied_on() {
    let ctx = org();
    let found = of_kind(NudgeKind::FirstTrust, &ctx, &[], day(1.0));
    let mut both = subjects(&found);
    both.sort_unstable();
    assert_eq!(both, [MATE, MATE2]);
    assert_eq!(
        found[0].key,
        format!("first_trust:{}", found[0].subject.unwrap_or(0))
    );

    // Being relied on by them, or plain interactions, are not relying.
    let others = [
        ev(0.0, MATE, ME, EventKind::Delegated),
        ev(0.0, ME, MATE, EventKind::Interaction),
    ];
    assert_eq!(
        of_kind(NudgeKind::FirstTrust, &ctx, &others, day(1.0)).len(),
        2
    );

    let relied = [
        ev(0.0, ME, MATE, EventKind::Delegated),
        ev(0.0, ME, MATE2, EventKind::HelpAsked),
    ];
    assert!(of_kind(NudgeKind::FirstTrust, &ctx, &relied, day(1.0)).is_empty());
}

/// second_chance: from the moment the miss is recorded, for 30 days, until
/// the viewer relies on them again; never for a disputed miss or one
/// answered by a delivered second chance.
#[test]
fn second_chance_is_offered_for_30_days_after_a_miss_until_the_viewer_relies_again() {
    let ctx = org();
    let miss = [
        ev(0.0, ME, OTHER, EventKind::Delegated),
        done(10.0, ME, OTHER, 7, Outcome::Missed),
    ];
    let at = |d: f64| of_kind(NudgeKind::SecondChance, &ctx, &miss, day(d));
    assert!(at(9.9).is_empty(), "not before the miss is recorded");
    let found = at(10.0);
    assert_eq!(subjects(&found), [OTHER]);
    assert_eq!(found[0].delegation, Some(DelegationRef::from(7)));
    assert_eq!(found[0].since, Some(day(10.0)));
    assert!(found[0].key.starts_with("second_chance:07000000"));
    let reason = found[0].reason("Priya", None);
    assert!(
        reason.starts_with("Priya missed a task you handed over on "),
        "{reason}"
    );
    assert_eq!(subjects(&at(39.9)), [OTHER]);
    assert!(at(40.0).is_empty(), "the window is 30 days");

    let mut again = miss.to_vec();
    again.push(ev(12.0, ME, OTHER, EventKind::Delegated));
    assert!(of_kind(NudgeKind::SecondChance, &ctx, &again, day(13.0)).is_empty());

    let mut disputed = miss.to_vec();
    disputed.push(ev(
        11.0,
        ME,
        OTHER,
        EventKind::Disputed {
            delegation: 7.into(),
        },
    ));
    assert!(of_kind(NudgeKind::SecondChance, &ctx, &disputed, day(12.0)).is_empty());

    let mut redeemed = miss.to_vec();
    redeemed.push(linked(12.0, ME, OTHER, 8, Outcome::Delivered, Some(7)));
    assert!(of_kind(NudgeKind::SecondChance, &ctx, &redeemed, day(13.0)).is_empty());

    // A miss toward someone else is not the viewer's to forgive.
    let theirs = [done(10.0, MATE, OTHER, 9, Outcome::Missed)];
    assert!(of_kind(NudgeKind::SecondChance, &ctx, &theirs, day(11.0)).is_empty());
}

/// ask_for_help: a shared growth area of the viewer that is someone else's
/// strength; a growth area absent from the context is never used.
#[test]
fn ask_for_help_matches_a_shared_growth_area_with_someone_elses_strength() {
    let with = |growth: Vec<u32>| {
        org_with(move |p| match p {
            ME => Profile {
                strengths: vec![5],
                shared_growth: growth.clone(),
            },
            OTHER => Profile {
                strengths: vec![40, 41],
                shared_growth: vec![],
            },
            _ => Profile::default(),
        })
    };
    let found = of_kind(NudgeKind::AskForHelp, &with(vec![41]), &[], day(0.0));
    assert_eq!(subjects(&found), [OTHER]);
    assert_eq!(found[0].skill, Some(41));
    assert_eq!(found[0].key, "ask_for_help:41");
    let reason = found[0].reason("Priya", Some("SQL"));
    assert!(reason.contains("Priya is strong in SQL"), "{reason}");

    // Not shared (so not in the context), nobody strong in it, or only the
    // viewer strong in it: nothing.
    for growth in [vec![], vec![99], vec![5]] {
        assert!(of_kind(NudgeKind::AskForHelp, &with(growth), &[], day(0.0)).is_empty());
    }
}

/// reciprocate: someone who helped the viewer at least twice, whom the
/// viewer never helped back.
#[test]
fn reciprocate_suggests_helping_back_someone_who_often_helps() {
    let ctx = org();
    let helped = |helped| ev(1.0, ME, OTHER, EventKind::HelpResolved { helped });
    let twice = [helped(true), done(2.0, ME, OTHER, 3, Outcome::Delivered)];
    assert_eq!(
        subjects(&of_kind(NudgeKind::Reciprocate, &ctx, &twice, day(3.0))),
        [OTHER]
    );
    let once = [helped(true), helped(false)];
    assert!(of_kind(NudgeKind::Reciprocate, &ctx, &once, day(3.0)).is_empty());

    // The viewer's effort counts even when it did not help.
    let mut returned = twice.to_vec();
    returned.push(ev(
        2.5,
        OTHER,
        ME,
        EventKind::HelpResolved { helped: false },
    ));
    assert!(of_kind(NudgeKind::Reciprocate, &ctx, &returned, day(3.0)).is_empty());
}

/// reconnect: many interactions, then none for 45 days.
#[test]
fn reconnect_suggests_a_strong_tie_gone_quiet() {
    let ctx = org();
    let history: Vec<_> = (0..RECONNECT_MIN_INTERACTIONS)
        .map(|k| ev(f64::from(k), OTHER, ME, EventKind::Interaction))
        .collect();
    let last = f64::from(RECONNECT_MIN_INTERACTIONS - 1);
    let quiet = last + f64::from(RECONNECT_QUIET_DAYS);
    let found = of_kind(NudgeKind::Reconnect, &ctx, &history, day(quiet));
    assert_eq!(subjects(&found), [OTHER]);
    assert_eq!(found[0].since, Some(day(last)));
    assert!(of_kind(NudgeKind::Reconnect, &ctx, &history, day(quiet - 1.0)).is_empty());
    let weak = &history[1..];
    assert!(of_kind(NudgeKind::Reconnect, &ctx, weak, day(quiet + 30.0)).is_empty());
}

/// check_in: a busy relationship with no check-in revealed or open lately.
#[test]
fn check_in_suggests_a_busy_relationship_without_a_recent_check_in() {
    let busy: Vec<_> = (0..6)
        .map(|k| ev(100.0 + f64::from(k), ME, MATE, EventKind::Interaction))
        .collect();
    let now = day(106.0);
    let found = of_kind(NudgeKind::CheckIn, &org(), &busy, now);
    assert_eq!(subjects(&found), [MATE]);
    assert_eq!(found[0].key, "check_in:2:none");

    // Quiet for two months: not busy any more.
    assert!(of_kind(NudgeKind::CheckIn, &org(), &busy, day(160.0)).is_empty());
    assert!(of_kind(NudgeKind::CheckIn, &org(), &busy[..2], now).is_empty());

    let mut revealed = busy.clone();
    revealed.push(ev(
        90.0,
        MATE,
        ME,
        EventKind::CheckInRevealed { count_on: 4 },
    ));
    assert!(of_kind(NudgeKind::CheckIn, &org(), &revealed, now).is_empty());

    let mut open = org();
    open.add_open_check_in(MATE, ME, day(104.0));
    assert!(of_kind(NudgeKind::CheckIn, &open, &busy, now).is_empty());
}

/// meet: a pending introduction, and only the viewer's.
#[test]
fn meet_shows_the_viewers_pending_introductions() {
    let mut ctx = org();
    assert!(of_kind(NudgeKind::Meet, &ctx, &[], day(0.0)).is_empty());
    ctx.add_introduction(MATE, OTHER, day(0.0));
    assert!(of_kind(NudgeKind::Meet, &ctx, &[], day(0.0)).is_empty());
    ctx.add_introduction(ME, OTHER, day(0.0));
    let found = of_kind(NudgeKind::Meet, &ctx, &[], day(1.0));
    assert_eq!(subjects(&found), [OTHER]);
}

/// learn: the course hint given as input, with its reason.
#[test]
fn learn_shows_the_course_hint_given_as_input() {
    let mut ctx = org();
    assert!(of_kind(NudgeKind::Learn, &ctx, &[], day(0.0)).is_empty());
    let hint = LearnHint {
        part: 2,
        reason: "You just delegated for the first time.".into(),
    };
    ctx.set_learn_hint(ME, hint);
    let found = of_kind(NudgeKind::Learn, &ctx, &[], day(0.0));
    assert_eq!(found[0].key, "learn:part-2");
    assert!(found[0].reason("", None).contains("Part 2"));
}

/// Every reason is plain words, names the colleague, and never grades them.
#[test]
fn every_kind_has_a_kind_reason_that_names_the_colleague() {
    for kind in NudgeKind::ALL {
        let n = Nudge::<u32, u32> {
            kind,
            subject: Some(OTHER),
            key: String::new(),
            skill: None,
            since: Some(Time::from_days(19_785.0)),
            delegation: None,
            learn: None,
        };
        let reason = n.reason("Priya", None);
        assert!(!reason.is_empty());
        if kind != NudgeKind::Learn {
            assert!(reason.contains("Priya"), "{reason}");
        }
        for word in ["unreliable", "score", "bad", "fail"] {
            assert!(!reason.to_lowercase().contains(word), "{reason}");
        }
        assert!(!n.reason("", None).is_empty());
    }
}
