//! The worked table of the trust model, with the default parameters.
//! Deliveries and misses are a week apart and read at the last event.

use rapport_core::trust::*;

use super::support::*;

fn trust_at(events: &[Event<u32>], at: Time) -> Opinion {
    ledger_after(events).opinion(A, B, at)
}

/// With no history, trust is the base rate and uncertainty is total.
#[test]
fn a_pair_with_no_history_starts_at_the_base_rate() {
    let o = TrustLedger::<u32>::new(TrustParams::default()).opinion(A, B, week(0.0));
    assert_eq!(o.trust, 0.75);
    assert_eq!(o.uncertainty, 1.0);
}

/// Five weekly deliveries give about 0.88.
#[test]
fn five_weekly_deliveries_give_about_0_88() {
    let o = trust_at(&weekly(0, 5, 0, Outcome::Delivered), week(4.0));
    assert!((o.trust - 0.88).abs() < 0.005, "{o:?}");
}

/// A first miss after five deliveries lowers trust to about 0.81, no further.
#[test]
fn one_miss_after_five_deliveries_drops_trust_to_about_0_81() {
    let mut h = weekly(0, 5, 0, Outcome::Delivered);
    h.push(completed(week(5.0), 5, Outcome::Missed));
    let o = trust_at(&h, week(5.0));
    assert!((o.trust - 0.81).abs() < 0.005, "{o:?}");
}

/// Two deliveries after the miss bring trust back to about 0.85.
#[test]
fn two_deliveries_after_the_miss_recover_trust_to_about_0_85() {
    let mut h = weekly(0, 5, 0, Outcome::Delivered);
    h.push(completed(week(5.0), 5, Outcome::Missed));
    h.extend(weekly(6, 2, 6, Outcome::Delivered));
    let o = trust_at(&h, week(7.0));
    assert!((o.trust - 0.85).abs() < 0.005, "{o:?}");
}

/// A newcomer's first task, missed, gives about 0.63 with u about 0.84, and
/// the interface shows no number.
#[test]
fn a_newcomers_first_miss_leaves_not_enough_history() {
    let ledger = ledger_after(&[completed(week(0.0), 0, Outcome::Missed)]);
    let o = ledger.opinion(A, B, week(0.0));
    assert!((o.trust - 0.63).abs() < 0.005, "{o:?}");
    assert!((o.uncertainty - 0.84).abs() < 0.005, "{o:?}");
    let view = ledger.trust_view(A, B, week(0.0));
    assert_eq!(view.value, None);
    assert_eq!(view.label, TrustLabel::NotEnoughHistory);
    assert_eq!(view.label.text(), "still forming");
}

/// Five deliveries then three weekly misses give about 0.61: only the
/// first miss has grace.
#[test]
fn three_weekly_misses_after_five_deliveries_give_about_0_61() {
    let mut h = weekly(0, 5, 0, Outcome::Delivered);
    h.extend(weekly(5, 3, 5, Outcome::Missed));
    let o = trust_at(&h, week(7.0));
    assert!((o.trust - 0.61).abs() < 0.005, "{o:?}");
}

/// Five quiet months later, trust drifts back toward the base rate and
/// uncertainty grows again.
#[test]
fn five_quiet_months_drift_trust_back_toward_the_base_rate() {
    let mut h = weekly(0, 5, 0, Outcome::Delivered);
    h.extend(weekly(5, 3, 5, Outcome::Missed));
    let ledger = ledger_after(&h);
    let then = ledger.opinion(A, B, week(7.0));
    let later = ledger.opinion(A, B, Time::from_days(7.0 * 7.0 + 150.0));
    assert!(
        (later.trust - 0.75).abs() < (then.trust - 0.75).abs(),
        "{later:?}"
    );
    assert!(later.uncertainty > then.uncertainty);
}

/// Plain Beta reputation judges a newcomer's first miss at 0.33 (0.29 when
/// a miss weighs 1.5): the one-shot judgement the defaults avoid.
#[test]
fn plain_beta_reputation_judges_a_first_miss_harshly() {
    let first_miss = [completed(week(0.0), 0, Outcome::Missed)];
    let plain = TrustLedger::replay(TrustParams::plain_beta(), first_miss);
    assert!((plain.opinion(A, B, week(0.0)).trust - 0.333).abs() < 0.001);
    let heavier = TrustParams {
        miss_weight: 1.5,
        ..TrustParams::plain_beta()
    };
    let heavier = TrustLedger::replay(heavier, first_miss);
    assert!((heavier.opinion(A, B, week(0.0)).trust - 0.286).abs() < 0.001);
}

/// Declines, hand-backs, expiries and disputed outcomes leave trust as it was.
#[test]
fn neutral_events_and_disputed_misses_change_no_evidence() {
    let before = ledger_after(&weekly(0, 3, 0, Outcome::Delivered));
    let mut h = weekly(0, 3, 0, Outcome::Delivered);
    for kind in [
        EventKind::Declined,
        EventKind::HandedBack,
        EventKind::Expired,
    ] {
        h.push(Event {
            at: week(2.0),
            from: A,
            to: B,
            kind,
        });
    }
    h.push(completed(week(2.0), 9, Outcome::Missed));
    h.push(Event {
        at: week(2.0),
        from: A,
        to: B,
        kind: EventKind::Disputed {
            delegation: DelegationRef::from(9),
        },
    });
    let after = ledger_after(&h);
    assert_eq!(
        before.evidence(A, B, week(3.0)),
        after.evidence(A, B, week(3.0))
    );
}

/// A miss on a stretch counts half; a recent bump shows in the label.
#[test]
fn a_stretch_miss_counts_half_and_shows_as_a_bump() {
    let mut h = weekly(0, 6, 0, Outcome::Delivered);
    let plain = ledger_after(&[h.clone(), vec![completed(week(6.0), 9, Outcome::Missed)]].concat());
    h.push(Event {
        at: week(6.0),
        from: A,
        to: B,
        kind: EventKind::Completed {
            delegation: DelegationRef::from(9),
            stakes: Stakes::Small,
            outcome: Outcome::Missed,
            stretch: true,
            second_chance_of: None,
        },
    });
    let stretch = ledger_after(&h);
    let (p, s) = (
        plain.evidence(A, B, week(6.0)),
        stretch.evidence(A, B, week(6.0)),
    );
    assert!((s.negative - p.negative / 2.0).abs() < 1e-6);
    assert_eq!(
        stretch.trust_view(A, B, week(6.0)).label,
        TrustLabel::HadABumpRecently
    );
}

/// Help that helped and a revealed check-in add the evidence the model says.
#[test]
fn help_and_check_ins_add_graded_evidence() {
    let at = week(0.0);
    let ev = |kind| Event {
        at,
        from: A,
        to: B,
        kind,
    };
    let ledger = ledger_after(&[
        ev(EventKind::HelpResolved { helped: true }),
        ev(EventKind::HelpResolved { helped: false }),
        ev(EventKind::CheckInRevealed { count_on: 4 }),
    ]);
    let e = ledger.evidence(A, B, at);
    assert!((e.positive - (0.5 + 0.75)).abs() < 1e-6, "{e:?}");
    assert!((e.negative - 0.25).abs() < 1e-6, "{e:?}");
}

/// Reliance is counted both ways and gives the pair's reciprocity.
#[test]
fn reliance_both_ways_gives_pair_reciprocity() {
    let at = week(0.0);
    let ev = |from, to, kind| Event { at, from, to, kind };
    let ledger = ledger_after(&[
        ev(A, B, EventKind::Delegated),
        ev(A, B, EventKind::HelpAsked),
        ev(B, A, EventKind::HelpAsked),
    ]);
    let rel = ledger.relationship(A, B, at);
    assert_eq!((rel.reliance_out, rel.reliance_in), (2.0, 1.0));
    assert_eq!(rel.reciprocity, 0.5);
    assert!(!rel.one_way);
    assert_eq!(rel.last_interaction, Some(at));
}

/// The base rate becomes the organization's own delivery rate after 30 outcomes.
#[test]
fn the_base_rate_follows_the_organizations_outcomes_after_thirty() {
    let h: Vec<_> = (0..29)
        .map(|k| completed(week(0.0), k, Outcome::Missed))
        .collect();
    assert_eq!(ledger_after(&h).base_rate(week(0.0)), 0.75);
    let mut h = h;
    h.push(completed(week(0.0), 29, Outcome::Delivered));
    assert!((ledger_after(&h).base_rate(week(0.0)) - 1.0 / 30.0).abs() < 1e-9);
}

/// What a person sees for each row of the worked table: from the first
/// piece of evidence a range from belief to belief + uncertainty, and a
/// single number only once uncertainty is at most 0.5 (TRUST_MODEL.md,
/// "Scores"). Each row: the history, when it is read, the label, whether a
/// number shows, and the range to two places.
#[test]
fn each_row_of_the_worked_table_shows_a_range_and_the_right_words() {
    let five = weekly(0, 5, 0, Outcome::Delivered);
    let then_miss = [five.clone(), vec![completed(week(5.0), 5, Outcome::Missed)]].concat();
    let then_two = [then_miss.clone(), weekly(6, 2, 6, Outcome::Delivered)].concat();
    let three_misses = [five.clone(), weekly(5, 3, 5, Outcome::Missed)].concat();
    // (row, history, read at, label, a number shows, (low, high))
    type Row<'a> = (&'a str, Vec<Event<u32>>, Time, TrustLabel, bool, (f64, f64));
    let rows: Vec<Row> = vec![
        (
            "5 weekly deliveries",
            five,
            week(4.0),
            TrustLabel::ReliableSoFar,
            true,
            (0.536, 1.0),
        ),
        (
            "then one miss",
            then_miss,
            week(5.0),
            TrustLabel::HadABumpRecently,
            true,
            (0.483, 0.918),
        ),
        (
            "then two more",
            then_two,
            week(7.0),
            TrustLabel::HadABumpRecently,
            true,
            (0.566, 0.940),
        ),
        (
            "a newcomer's first miss",
            vec![completed(week(0.0), 0, Outcome::Missed)],
            week(0.0),
            TrustLabel::NotEnoughHistory,
            false,
            (0.0, 0.842),
        ),
        (
            "3 misses after 5",
            three_misses.clone(),
            week(7.0),
            TrustLabel::HadABumpRecently,
            true,
            (0.352, 0.697),
        ),
        (
            "then 5 quiet months",
            three_misses,
            Time::from_days(7.0 * 7.0 + 150.0),
            TrustLabel::NotEnoughHistory,
            false,
            (0.271, 0.902),
        ),
    ];
    for (name, history, at, label, number, (low, high)) in rows {
        let view = ledger_after(&history).trust_view(A, B, at);
        let range = view.range.unwrap_or_else(|| panic!("{name}: no range"));
        assert_eq!(view.label, label, "{name}");
        assert_eq!(view.value.is_some(), number, "{name}");
        assert!((range.low - low).abs() < 0.005, "{name}: low {range:?}");
        assert!((range.high - high).abs() < 0.005, "{name}: high {range:?}");
        // The range is belief to belief + uncertainty, and holds the value.
        let o = view.opinion;
        assert!((range.low - o.belief).abs() < 1e-12, "{name}");
        assert!(
            (range.high - (o.belief + o.uncertainty)).abs() < 1e-12,
            "{name}"
        );
        assert!(range.low <= o.trust && o.trust <= range.high, "{name}");
    }
}

/// With no evidence at all there is no range, no number, and the words say so.
#[test]
fn no_evidence_shows_no_range_and_says_no_history_yet() {
    let only_asked = ledger_after(&[Event {
        at: week(0.0),
        from: A,
        to: B,
        kind: EventKind::Delegated,
    }]);
    let view = only_asked.trust_view(A, B, week(1.0));
    assert_eq!(view.range, None);
    assert_eq!(view.value, None);
    assert_eq!(view.label, TrustLabel::NoHistoryYet);
    assert_eq!(view.label.text(), "no history yet");
}
