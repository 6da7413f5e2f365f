//! The next step a person's own picture suggests: a named colleague and
//! why. Pure: the shell passes each relationship's history and the time.
//!
//! In order of what matters most: a second chance due after a miss, a
//! check-in after a disagreement, asking back someone who has relied on
//! me, and reconnecting with a tie that is fading. Each step speaks of
//! what happened between two people, never of a comparison with others.

use crate::trust::{PairHistory, Time, times};
use chrono::{DateTime, Datelike, Utc};

/// What a step suggests, most pressing first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StepKind {
    SecondChance,
    CheckIn,
    AskBack,
    Reconnect,
}

/// One suggested step about one colleague.
#[derive(Debug, Clone, PartialEq)]
pub struct Step<P> {
    pub kind: StepKind,
    pub person: P,
    pub sentence: String,
}

/// My history with one colleague, as the shell read it.
#[derive(Debug, Clone, Copy)]
pub struct Tie<'a, P> {
    pub person: P,
    pub name: &'a str,
    pub history: &'a PairHistory,
}

/// A miss is given a week before a second chance is suggested, and is
/// not raised again after four months.
const SECOND_CHANCE_DAYS: (f64, f64) = (7.0, 120.0);
/// A disagreement older than three months is left alone.
const CHECK_IN_DAYS: f64 = 90.0;
/// Asked at least this often, never asked back.
const ASK_BACK_AFTER: u32 = 2;
/// A tie of at least this many asks, quiet for 45 days to a year.
const RECONNECT: (u32, f64, f64) = (3, 45.0, 365.0);

/// Every step the picture suggests, most pressing first: by kind, then
/// by how strongly it applies, then by person (so the order is stable).
/// At most one step per colleague: the most pressing.
pub fn steps<P: Copy + Ord>(ties: &[Tie<'_, P>], now: Time) -> Vec<Step<P>> {
    let mut found: Vec<(StepKind, f64, P, String)> =
        ties.iter().filter_map(|t| step_for(t, now)).collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
    found
        .into_iter()
        .map(|(kind, _, person, sentence)| Step {
            kind,
            person,
            sentence,
        })
        .collect()
}

/// The most pressing step about one colleague, with its strength.
fn step_for<P: Copy>(t: &Tie<'_, P>, now: Time) -> Option<(StepKind, f64, P, String)> {
    let h = t.history;
    let name = t.name;
    let days = |at: Time| now.days_since(at);
    if let Some(miss) = h.last_miss {
        let asked_since = h.last_asked_out.is_some_and(|a| a > miss);
        let age = days(miss);
        if !asked_since && (SECOND_CHANCE_DAYS.0..=SECOND_CHANCE_DAYS.1).contains(&age) {
            let sentence = format!(
                "Give {name} a second chance: something you asked of them was missed in {}. A smaller task now lets them show what they can do.",
                month(miss, now)
            );
            return Some((StepKind::SecondChance, -age, t.person, sentence));
        }
    }
    if let Some(dispute) = h.last_dispute {
        let talked_since = h.last_check_in.is_some_and(|c| c > dispute);
        if !talked_since && days(dispute) <= CHECK_IN_DAYS {
            let sentence = format!(
                "Ask {name} for their perspective: the two of you saw an outcome differently in {}. A check-in lets each of you say how it is going.",
                month(dispute, now)
            );
            return Some((StepKind::CheckIn, -days(dispute), t.person, sentence));
        }
    }
    if h.asked_out == 0 && h.asked_in >= ASK_BACK_AFTER {
        let sentence = format!(
            "{name} has asked you {}, and you have not asked them yet: trust them back with something small.",
            times(h.asked_in)
        );
        return Some((StepKind::AskBack, f64::from(h.asked_in), t.person, sentence));
    }
    let together = h.asked_out + h.asked_in;
    if let Some(last) = h.last_contact {
        let quiet = days(last);
        if together >= RECONNECT.0 && (RECONNECT.1..=RECONNECT.2).contains(&quiet) {
            let sentence = format!(
                "Reconnect with {name}: you have asked each other {}, last in {}.",
                times(together),
                month(last, now)
            );
            return Some((StepKind::Reconnect, f64::from(together), t.person, sentence));
        }
    }
    None
}

/// "October", or "October 2025" when not this year.
fn month(at: Time, now: Time) -> String {
    let date = |t: Time| DateTime::<Utc>::from_timestamp(t.unix_seconds(), 0).unwrap_or_default();
    let (at, now) = (date(at), date(now));
    if at.year() == now.year() {
        at.format("%B").to_string()
    } else {
        at.format("%B %Y").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Day 0 is 1 January 2026; "now" is mid-June.
    const NOW: f64 = 20_454.0 + 165.0;

    fn at(days_ago: f64) -> Option<Time> {
        Some(Time::from_days(NOW - days_ago))
    }

    fn now() -> Time {
        Time::from_days(NOW)
    }

    fn only(h: PairHistory) -> Vec<Step<u32>> {
        steps(
            &[Tie {
                person: 7,
                name: "Sam Lee",
                history: &h,
            }],
            now(),
        )
    }

    #[test]
    fn a_miss_a_week_old_with_nothing_asked_since_suggests_a_second_chance() {
        let h = PairHistory {
            last_miss: at(10.0),
            last_asked_out: at(20.0),
            asked_out: 1,
            ..Default::default()
        };
        let s = only(h.clone());
        assert_eq!(s[0].kind, StepKind::SecondChance);
        assert!(
            s[0].sentence.starts_with("Give Sam Lee a second chance"),
            "{}",
            s[0].sentence
        );
        assert!(s[0].sentence.contains("in June"), "{}", s[0].sentence);
        // Too fresh, too old, or already given: no second chance.
        for h in [
            PairHistory {
                last_miss: at(3.0),
                ..h.clone()
            },
            PairHistory {
                last_miss: at(200.0),
                ..h.clone()
            },
            PairHistory {
                last_asked_out: at(2.0),
                ..h.clone()
            },
        ] {
            assert!(only(h).iter().all(|s| s.kind != StepKind::SecondChance));
        }
    }

    #[test]
    fn a_disagreement_without_a_check_in_since_suggests_one() {
        let h = PairHistory {
            last_dispute: at(20.0),
            last_check_in: at(60.0),
            ..Default::default()
        };
        assert_eq!(only(h.clone())[0].kind, StepKind::CheckIn);
        let talked = PairHistory {
            last_check_in: at(5.0),
            ..h
        };
        assert!(only(talked).is_empty());
    }

    #[test]
    fn someone_who_asked_me_twice_and_was_never_asked_back() {
        let h = PairHistory {
            asked_in: 3,
            ..Default::default()
        };
        let s = only(h);
        assert_eq!(s[0].kind, StepKind::AskBack);
        assert_eq!(
            s[0].sentence,
            "Sam Lee has asked you 3 times, and you have not asked them yet: trust them back with something small."
        );
        assert!(
            only(PairHistory {
                asked_in: 1,
                ..Default::default()
            })
            .is_empty()
        );
        assert!(
            only(PairHistory {
                asked_in: 3,
                asked_out: 1,
                ..Default::default()
            })
            .is_empty()
        );
    }

    #[test]
    fn a_fading_tie_is_worth_reconnecting() {
        let h = PairHistory {
            asked_in: 2,
            asked_out: 2,
            last_contact: at(70.0),
            ..Default::default()
        };
        let s = only(h.clone());
        assert_eq!(s[0].kind, StepKind::Reconnect);
        assert!(
            s[0].sentence.contains("4 times, last in April"),
            "{}",
            s[0].sentence
        );
        assert!(
            only(PairHistory {
                last_contact: at(10.0),
                ..h
            })
            .is_empty()
        );
    }

    /// The most pressing kind first; within a kind the strongest; one step
    /// per colleague; the same input gives the same order.
    #[test]
    fn steps_are_ranked_and_one_per_colleague() {
        let second = PairHistory {
            last_miss: at(10.0),
            asked_in: 5,
            ..Default::default()
        };
        let ask_back_3 = PairHistory {
            asked_in: 3,
            ..Default::default()
        };
        let ask_back_5 = PairHistory {
            asked_in: 5,
            ..Default::default()
        };
        let ties = [
            Tie {
                person: 1,
                name: "A",
                history: &ask_back_3,
            },
            Tie {
                person: 2,
                name: "B",
                history: &ask_back_5,
            },
            Tie {
                person: 3,
                name: "C",
                history: &second,
            },
        ];
        let s = steps(&ties, now());
        let order: Vec<(StepKind, u32)> = s.iter().map(|s| (s.kind, s.person)).collect();
        assert_eq!(
            order,
            [
                (StepKind::SecondChance, 3),
                (StepKind::AskBack, 2),
                (StepKind::AskBack, 1)
            ]
        );
        assert_eq!(steps(&ties, now()), s);
    }

    /// Sentences name the pair's own history and never compare the
    /// person with others.
    #[test]
    fn no_step_compares_a_person_with_others() {
        let all = PairHistory {
            asked_in: 4,
            last_miss: at(10.0),
            last_dispute: at(10.0),
            last_contact: at(60.0),
            ..Default::default()
        };
        for h in [
            all.clone(),
            PairHistory {
                last_miss: None,
                ..all.clone()
            },
            PairHistory {
                last_miss: None,
                last_dispute: None,
                ..all.clone()
            },
            PairHistory {
                last_miss: None,
                last_dispute: None,
                asked_out: 1,
                ..all
            },
        ] {
            for s in only(h) {
                for word in ["most people", "usual", "than others", "average"] {
                    assert!(!s.sentence.contains(word), "{}", s.sentence);
                }
            }
        }
    }
}
