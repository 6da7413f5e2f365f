//! Practices and progress: what completes a practice, when it counts, the
//! weekly pacing of suggestions, where to resume, and which part to
//! recommend for a pattern.

use rapport_core::learning::{
    LearningEvent, PartProgress, PatternFigures, Practice, SECONDS_PER_WEEK, course_completed,
    next_part, progress, recommend_part, resume_part,
};

use super::learning::fixture;
use rapport_core::events::Kind;

const ENROLLED: i64 = 1_700_000_000;

fn ev(kind: &str) -> LearningEvent {
    LearningEvent {
        kind: Kind::parse(kind).expect("a kind the app stores"),
        second_chance: false,
    }
}

fn done(p: &[PartProgress]) -> Vec<(u8, bool, bool)> {
    p.iter()
        .map(|p| (p.number, p.lesson_done, p.practice_done))
        .collect()
}

/// Each practice is completed by its own events and no others.
#[test]
fn each_practice_matches_only_its_events() {
    let second = LearningEvent {
        kind: Kind::Delegated,
        second_chance: true,
    };
    let cases: [(Practice, &[LearningEvent]); 5] = [
        (Practice::IntroductionOrThanks, &[ev("met"), ev("thanked")]),
        (Practice::Delegate, &[ev("delegated"), second]),
        (
            Practice::SecondChanceOrHandBack,
            &[second, ev("handed_back")],
        ),
        (Practice::AskForHelp, &[ev("help_asked")]),
        (Practice::CheckIn, &[ev("check_in_started")]),
    ];
    let all = [
        "met",
        "thanked",
        "delegated",
        "handed_back",
        "help_asked",
        "check_in_started",
        "completed",
    ];
    for (practice, yes) in cases {
        for e in yes {
            assert!(practice.matches(e), "{practice:?} {e:?}");
        }
        for kind in all {
            let e = ev(kind);
            assert_eq!(
                practice.matches(&e),
                yes.contains(&e),
                "{practice:?} {kind}"
            );
        }
    }
}

/// Practices serialize with the content files' names.
#[test]
fn practices_serialize_in_snake_case() {
    let json = serde_json::to_string(&Practice::SecondChanceOrHandBack).expect("json");
    assert_eq!(json, "\"second_chance_or_hand_back\"");
    assert_eq!(Practice::parse("check_in"), Some(Practice::CheckIn));
}

/// Something done before enrolling does not count; the first event after does.
#[test]
fn a_practice_counts_only_from_enrollment_on() {
    let course = fixture();
    let events = [
        (ENROLLED - 1, ev("delegated")),
        (ENROLLED + 50, ev("help_asked")),
        (ENROLLED + 10, ev("help_asked")),
        (ENROLLED, ev("thanked")),
    ];
    let p = progress(&course, ENROLLED, &[], &[], &events);
    assert_eq!(
        done(&p),
        [
            (1, false, true),
            (2, false, false),
            (3, false, false),
            (4, false, true),
            (5, false, false)
        ]
    );
    assert_eq!(p[0].practice_done_at, Some(ENROLLED));
    assert_eq!(p[3].practice_done_at, Some(ENROLLED + 10));
    assert_eq!(p[1].practice_done_at, None);
}

/// A self-reported practice is done, without a time.
#[test]
fn a_self_reported_practice_is_done() {
    let p = progress(&fixture(), ENROLLED, &[5], &[5], &[]);
    assert_eq!(
        p[4],
        PartProgress {
            number: 5,
            lesson_done: true,
            practice_done: true,
            practice_done_at: None
        }
    );
}

/// Complete means every lesson read and every practice done.
#[test]
fn the_course_is_complete_with_every_lesson_and_practice() {
    let course = fixture();
    let all = [1, 2, 3, 4, 5];
    assert!(course_completed(&progress(
        &course,
        ENROLLED,
        &all,
        &all,
        &[]
    )));
    assert!(!course_completed(&progress(
        &course,
        ENROLLED,
        &all,
        &[1, 2, 3, 4],
        &[]
    )));
    assert!(!course_completed(&progress(
        &course,
        ENROLLED,
        &[1, 2, 3, 5],
        &all,
        &[]
    )));
    assert!(!course_completed(&[]));
}

/// One part a week: the lowest unfinished part once it is unlocked.
#[test]
fn the_next_part_is_paced_at_one_a_week() {
    let course = fixture();
    let p = progress(&course, ENROLLED, &[1], &[1], &[]);
    assert_eq!(
        next_part(&p, ENROLLED, ENROLLED + 60),
        None,
        "part 2 unlocks in week 2"
    );
    assert_eq!(
        next_part(&p, ENROLLED, ENROLLED + SECONDS_PER_WEEK),
        Some(2)
    );
    let fresh = progress(&course, ENROLLED, &[], &[], &[]);
    assert_eq!(next_part(&fresh, ENROLLED, ENROLLED), Some(1));
    assert_eq!(
        next_part(&fresh, ENROLLED, ENROLLED - 100),
        Some(1),
        "a clock behind is week 0"
    );
    // Reading ahead is fine: the suggestion is still the lowest unfinished part.
    let ahead = progress(&course, ENROLLED, &[1, 2, 3], &[1, 3], &[]);
    assert_eq!(
        next_part(&ahead, ENROLLED, ENROLLED + 3 * SECONDS_PER_WEEK),
        Some(2)
    );
    let all = [1, 2, 3, 4, 5];
    assert_eq!(
        next_part(
            &progress(&course, ENROLLED, &all, &all, &[]),
            ENROLLED,
            i64::MAX
        ),
        None
    );
}

/// Resume at the last lesson read while its practice is open, else after it.
#[test]
fn resume_is_where_i_left_off() {
    let course = fixture();
    assert_eq!(
        resume_part(&progress(&course, ENROLLED, &[], &[], &[])),
        Some(1)
    );
    assert_eq!(
        resume_part(&progress(&course, ENROLLED, &[1, 2], &[1], &[])),
        Some(2)
    );
    assert_eq!(
        resume_part(&progress(&course, ENROLLED, &[1, 2], &[1, 2], &[])),
        Some(3)
    );
    assert_eq!(
        resume_part(&progress(
            &course,
            ENROLLED,
            &[1, 2, 3, 4, 5],
            &[1, 3, 4, 5],
            &[]
        )),
        Some(2)
    );
    let all = [1, 2, 3, 4, 5];
    assert_eq!(
        resume_part(&progress(&course, ENROLLED, &all, &all, &[])),
        None
    );
}

fn figures() -> PatternFigures {
    // A pattern that calls for nothing.
    PatternFigures {
        volume_ratio: 1.0,
        asks_90d: 3,
        partners: 6,
        misses_without_second_chance: 0,
        check_ins: 2,
        completed_parts: vec![],
    }
}

/// Each pattern leads to its part.
#[test]
fn each_pattern_recommends_its_part() {
    assert_eq!(recommend_part(&figures()), None);
    let part = |f: PatternFigures| recommend_part(&f).map(|(n, _)| n);
    assert_eq!(
        part(PatternFigures {
            volume_ratio: 0.3,
            ..figures()
        }),
        Some(2)
    );
    assert_eq!(
        part(PatternFigures {
            asks_90d: 0,
            ..figures()
        }),
        Some(4)
    );
    assert_eq!(
        part(PatternFigures {
            misses_without_second_chance: 1,
            ..figures()
        }),
        Some(3)
    );
    assert_eq!(
        part(PatternFigures {
            check_ins: 0,
            ..figures()
        }),
        Some(5)
    );
    assert_eq!(
        part(PatternFigures {
            partners: 1,
            ..figures()
        }),
        Some(1)
    );
    assert_eq!(
        part(PatternFigures {
            partners: 1,
            check_ins: 0,
            ..figures()
        }),
        Some(1),
        "few partners is not several"
    );
}

/// When several patterns apply, the priority is fixed, and completed parts are skipped.
#[test]
fn recommendation_priority_is_fixed_and_skips_completed_parts() {
    let everything = PatternFigures {
        volume_ratio: 0.1,
        asks_90d: 0,
        partners: 1,
        misses_without_second_chance: 2,
        check_ins: 0,
        completed_parts: vec![],
    };
    let mut order = Vec::new();
    let mut f = everything.clone();
    while let Some((n, _)) = recommend_part(&f) {
        order.push(n);
        f.completed_parts.push(n);
    }
    assert_eq!(order, [3, 2, 4, 1]);
    let several = PatternFigures {
        partners: 4,
        ..everything
    };
    let mut f = several;
    let mut order = Vec::new();
    while let Some((n, _)) = recommend_part(&f) {
        order.push(n);
        f.completed_parts.push(n);
    }
    assert_eq!(order, [3, 2, 4, 5]);
}

/// The reason speaks of the pattern, in words, never of the person.
#[test]
fn the_reason_describes_the_pattern_without_judging() {
    let f = PatternFigures {
        volume_ratio: 0.1,
        asks_90d: 0,
        partners: 1,
        misses_without_second_chance: 1,
        check_ins: 0,
        completed_parts: vec![],
    };
    let mut f2 = f.clone();
    for _ in 0..4 {
        let (n, reason) = recommend_part(&f2).expect("a part");
        assert!(reason.contains(&format!("Part {n}")), "{reason}");
        for judging in [
            "you don't",
            "you never",
            "you fail",
            "bad",
            "poor",
            "should",
        ] {
            assert!(!reason.to_lowercase().contains(judging), "{reason}");
        }
        f2.completed_parts.push(n);
    }
}
