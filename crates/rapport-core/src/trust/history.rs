//! What a person can read about one relationship, counted rather than
//! decayed: the pieces of evidence behind A's opinion of B ("2 delivered,
//! 1 partly"), how often each asked the other, and when. The opinion
//! itself comes from the ledger; this is the same history in words.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::event::{Outcome, Time};
use crate::events::Payload;

/// One piece of what feeds A's opinion of B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Piece {
    Delivered,
    Partly,
    Missed,
    /// B's help that A marked "this helped".
    Helped,
    /// A check-in of theirs, revealed to both.
    CheckIn,
}

/// Counts (not decayed) of each kind of piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EvidenceCounts {
    pub delivered: u32,
    pub partly: u32,
    pub missed: u32,
    pub helped: u32,
    pub check_ins: u32,
}

impl EvidenceCounts {
    pub fn add(&mut self, piece: Piece) {
        let n = match piece {
            Piece::Delivered => &mut self.delivered,
            Piece::Partly => &mut self.partly,
            Piece::Missed => &mut self.missed,
            Piece::Helped => &mut self.helped,
            Piece::CheckIn => &mut self.check_ins,
        };
        *n += 1;
    }

    pub fn total(&self) -> u32 {
        self.delivered + self.partly + self.missed + self.helped + self.check_ins
    }

    /// "2 delivered, 1 partly, helped you once, 1 check-in"; empty when
    /// there is nothing.
    pub fn words(&self) -> String {
        let mut said = Vec::new();
        for (n, what) in [
            (self.delivered, "delivered"),
            (self.partly, "partly"),
            (self.missed, "missed"),
        ] {
            if n > 0 {
                said.push(format!("{n} {what}"));
            }
        }
        if self.helped > 0 {
            said.push(format!("helped you {}", times(self.helped)));
        }
        match self.check_ins {
            0 => {}
            1 => said.push("1 check-in".to_string()),
            n => said.push(format!("{n} check-ins")),
        }
        said.join(", ")
    }

    /// The words, and when the latest piece was recorded: "2 delivered,
    /// 1 partly, last in October" (with the year when it was not this one).
    pub fn words_with_last(&self, last: DateTime<Utc>, now: DateTime<Utc>) -> String {
        let month = if last.year() == now.year() {
            last.format("%B").to_string()
        } else {
            last.format("%B %Y").to_string()
        };
        format!("{}, last in {month}", self.words())
    }
}

/// "once", "twice", "3 times".
pub fn times(n: u32) -> String {
    match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

/// Reliance both ways in words, from A's side: "you asked them 3 times,
/// they asked you 5 times".
pub fn reliance_words(asked_out: u32, asked_in: u32) -> String {
    match (asked_out, asked_in) {
        (0, 0) => "Neither of you has asked the other for anything yet.".to_string(),
        (o, 0) => format!("You asked them {}; they have not asked you yet.", times(o)),
        (0, i) => format!("They asked you {}; you have not asked them yet.", times(i)),
        (o, i) => format!("You asked them {}, they asked you {}.", times(o), times(i)),
    }
}

/// A's history with B in counts: what feeds A's opinion of B, and how often
/// each relied on the other.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PairHistory {
    pub evidence: EvidenceCounts,
    /// Each piece and when it happened, oldest first.
    pub pieces: Vec<(Time, Piece)>,
    /// Delegations and help requests A addressed to B.
    pub asked_out: u32,
    /// Delegations and help requests B addressed to A.
    pub asked_in: u32,
    /// When A last asked B for something.
    pub last_asked_out: Option<Time>,
    /// The latest miss A recorded for B (not taken back by a dispute).
    pub last_miss: Option<Time>,
    /// The latest outcome between us that either side disputed.
    pub last_dispute: Option<Time>,
    /// The latest check-in between us whose answers were revealed.
    pub last_check_in: Option<Time>,
    /// The latest event between us, either way.
    pub last_contact: Option<Time>,
}

/// One stored event, as this module reads it.
#[derive(Debug, Clone, Copy)]
pub struct HistoryEvent<'a, P> {
    pub at: Time,
    pub from: P,
    pub to: P,
    pub payload: &'a Payload,
    /// The delegation an outcome or a dispute is about.
    pub subject: Option<Uuid>,
}

/// A pair's history being counted, one event at a time, from `me`'s side:
/// what [`PairHistory`] is read from. It can be kept and continued later,
/// which is how a pair's history outlives its events past the retention
/// (see `retention.rs`): continuing a kept fold with the later events
/// counts exactly what folding them all at once counts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HistoryFold {
    /// Everything but the evidence counts and the latest miss, which are
    /// read from the pieces.
    counted: PairHistory,
    /// Each piece, when, and the delegation an outcome is about while a
    /// dispute may still take it back (the latest outcome per delegation).
    pieces: Vec<(Time, Piece, Option<Uuid>)>,
}

impl HistoryFold {
    /// This fold continued with `events`.
    pub fn with<'a, P: Copy + Eq + 'a>(
        mut self,
        me: P,
        other: P,
        events: impl IntoIterator<Item = HistoryEvent<'a, P>>,
    ) -> Self {
        for e in events {
            self.add(me, other, &e);
        }
        self
    }

    /// Counts one event, if it is between `me` and `other`.
    pub fn add<P: Copy + Eq>(&mut self, me: P, other: P, e: &HistoryEvent<'_, P>) {
        let mine = e.from == me && e.to == other;
        let theirs = e.from == other && e.to == me;
        if !(mine || theirs) {
            return;
        }
        let h = &mut self.counted;
        h.last_contact = h.last_contact.max(Some(e.at));
        match *e.payload {
            Payload::Disputed => h.last_dispute = h.last_dispute.max(Some(e.at)),
            Payload::CheckInRevealed { .. } => h.last_check_in = h.last_check_in.max(Some(e.at)),
            _ => {}
        }
        match *e.payload {
            Payload::Delegated { .. } | Payload::HelpAsked => {
                if mine {
                    h.asked_out += 1;
                    h.last_asked_out = h.last_asked_out.max(Some(e.at));
                } else {
                    h.asked_in += 1;
                }
            }
            Payload::Completed { outcome, .. } if mine => {
                let piece = match outcome {
                    Outcome::Delivered => Piece::Delivered,
                    Outcome::Partly => Piece::Partly,
                    Outcome::Missed => Piece::Missed,
                };
                // Only the latest outcome of a delegation can be disputed.
                if let Some(d) = e.subject {
                    for p in &mut self.pieces {
                        if p.2 == Some(d) {
                            p.2 = None;
                        }
                    }
                }
                self.pieces.push((e.at, piece, e.subject));
            }
            Payload::Disputed if mine => {
                if let Some(d) = e.subject
                    && let Some(i) = self.pieces.iter().position(|p| p.2 == Some(d))
                {
                    self.pieces.remove(i);
                }
            }
            Payload::HelpResolved { helped: true } if mine => {
                self.pieces.push((e.at, Piece::Helped, None));
            }
            Payload::CheckInRevealed { .. } if mine => {
                self.pieces.push((e.at, Piece::CheckIn, None));
            }
            _ => {}
        }
    }

    /// The history counted so far.
    pub fn history(&self) -> PairHistory {
        let mut h = self.counted.clone();
        h.pieces = self.pieces.iter().map(|&(t, p, _)| (t, p)).collect();
        h.pieces.sort_by_key(|&(t, _)| t);
        for &(t, p) in &h.pieces {
            h.evidence.add(p);
            if p == Piece::Missed {
                h.last_miss = Some(t);
            }
        }
        h
    }
}

impl PairHistory {
    /// Folds the events between `me` and `other` (either direction; any
    /// others are ignored) in time order. A disputed outcome counts as
    /// neutral, as in the ledger: its piece is taken back.
    pub fn from_events<'a, P: Copy + Eq + 'a>(
        me: P,
        other: P,
        events: impl IntoIterator<Item = HistoryEvent<'a, P>>,
    ) -> Self {
        HistoryFold::default().with(me, other, events).history()
    }
    /// When the latest piece of evidence was recorded.
    pub fn last_evidence(&self) -> Option<Time> {
        self.pieces.last().map(|&(t, _)| t)
    }

    /// The evidence per calendar month (UTC), for the `months` months that
    /// end with the month of `through`, oldest first.
    pub fn by_month(
        &self,
        through: DateTime<Utc>,
        months: u32,
    ) -> Vec<(NaiveDate, EvidenceCounts)> {
        let first = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).expect("a month's first day");
        let (mut y, mut m) = (through.year(), through.month());
        let mut out = Vec::with_capacity(months as usize);
        for _ in 0..months {
            out.push((first(y, m), EvidenceCounts::default()));
            (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
        }
        out.reverse();
        for &(t, piece) in &self.pieces {
            let Some(at) = DateTime::from_timestamp(t.unix_seconds(), 0) else {
                continue;
            };
            let month = first(at.year(), at.month());
            if let Some((_, counts)) = out.iter_mut().find(|(d, _)| *d == month) {
                counts.add(piece);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::Stakes;

    const ME: u32 = 1;
    const THEM: u32 = 2;
    const SOMEONE: u32 = 3;

    fn completed(outcome: Outcome) -> Payload {
        Payload::Completed {
            stakes: Stakes::Small,
            outcome,
            stretch: false,
            second_chance_of: None,
        }
    }

    fn ev(day: f64, from: u32, to: u32, payload: &Payload, subject: u128) -> HistoryEvent<'_, u32> {
        HistoryEvent {
            at: Time::from_days(day),
            from,
            to,
            payload,
            subject: Some(Uuid::from_u128(subject)),
        }
    }

    #[test]
    fn outcomes_help_and_check_ins_are_counted_from_my_side_only() {
        let (d, p, m) = (
            completed(Outcome::Delivered),
            completed(Outcome::Partly),
            completed(Outcome::Missed),
        );
        let helped = Payload::HelpResolved { helped: true };
        let not_really = Payload::HelpResolved { helped: false };
        let revealed = Payload::CheckInRevealed { count_on: 4 };
        let events = vec![
            ev(1.0, ME, THEM, &d, 1),
            ev(2.0, ME, THEM, &d, 2),
            ev(3.0, ME, THEM, &p, 3),
            ev(4.0, ME, THEM, &m, 4),
            ev(5.0, ME, THEM, &helped, 5),
            ev(6.0, ME, THEM, &not_really, 6),
            ev(7.0, ME, THEM, &revealed, 7),
            // Their side of the same things says nothing about my opinion.
            ev(8.0, THEM, ME, &d, 8),
            ev(9.0, THEM, ME, &revealed, 9),
            // Nor does anyone else's history.
            ev(10.0, ME, SOMEONE, &d, 10),
        ];
        let h = PairHistory::from_events(ME, THEM, events);
        assert_eq!(
            h.evidence,
            EvidenceCounts {
                delivered: 2,
                partly: 1,
                missed: 1,
                helped: 1,
                check_ins: 1
            }
        );
        assert_eq!(
            h.evidence.words(),
            "2 delivered, 1 partly, 1 missed, helped you once, 1 check-in"
        );
        assert_eq!(h.last_evidence(), Some(Time::from_days(7.0)));
        let day = |y, m, d| {
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap()
                .and_utc()
        };
        let two = EvidenceCounts {
            delivered: 2,
            partly: 1,
            ..Default::default()
        };
        assert_eq!(
            two.words_with_last(day(2026, 10, 3), day(2026, 12, 3)),
            "2 delivered, 1 partly, last in October"
        );
        assert_eq!(
            two.words_with_last(day(2025, 10, 3), day(2026, 12, 3)),
            "2 delivered, 1 partly, last in October 2025"
        );
    }

    #[test]
    fn a_disputed_outcome_is_taken_back() {
        let m = completed(Outcome::Missed);
        let d = completed(Outcome::Delivered);
        let events = vec![
            ev(1.0, ME, THEM, &m, 1),
            ev(2.0, ME, THEM, &d, 2),
            ev(3.0, ME, THEM, &Payload::Disputed, 1),
        ];
        let h = PairHistory::from_events(ME, THEM, events);
        assert_eq!(h.evidence.missed, 0);
        assert_eq!(h.evidence.delivered, 1);
        assert_eq!(h.pieces, vec![(Time::from_days(2.0), Piece::Delivered)]);
    }

    #[test]
    fn asks_are_counted_both_ways() {
        let delegated = Payload::Delegated {
            second_chance_of: None,
        };
        let events = vec![
            ev(1.0, ME, THEM, &delegated, 1),
            ev(2.0, ME, THEM, &Payload::HelpAsked, 2),
            ev(3.0, THEM, ME, &delegated, 3),
            ev(4.0, SOMEONE, ME, &delegated, 4),
        ];
        let h = PairHistory::from_events(ME, THEM, events);
        assert_eq!((h.asked_out, h.asked_in), (2, 1));
        assert_eq!(
            reliance_words(h.asked_out, h.asked_in),
            "You asked them twice, they asked you once."
        );
        assert_eq!(
            reliance_words(3, 0),
            "You asked them 3 times; they have not asked you yet."
        );
        assert_eq!(
            reliance_words(0, 5),
            "They asked you 5 times; you have not asked them yet."
        );
        assert_eq!(
            reliance_words(0, 0),
            "Neither of you has asked the other for anything yet."
        );
    }

    #[test]
    fn months_end_with_the_month_asked_and_hold_what_happened_in_them() {
        let d = completed(Outcome::Delivered);
        // 2026-01-15 and 2026-03-02, read through 2026-03-31: three months.
        let at = |y, m, day| {
            Time::from(
                NaiveDate::from_ymd_opt(y, m, day)
                    .unwrap()
                    .and_hms_opt(12, 0, 0)
                    .unwrap()
                    .and_utc(),
            )
        };
        let events = [
            HistoryEvent {
                at: at(2026, 1, 15),
                from: ME,
                to: THEM,
                payload: &d,
                subject: None,
            },
            HistoryEvent {
                at: at(2026, 3, 2),
                from: ME,
                to: THEM,
                payload: &d,
                subject: None,
            },
            // Before the window: left out.
            HistoryEvent {
                at: at(2025, 12, 31),
                from: ME,
                to: THEM,
                payload: &d,
                subject: None,
            },
        ];
        let h = PairHistory::from_events(ME, THEM, events);
        let through = NaiveDate::from_ymd_opt(2026, 3, 31)
            .unwrap()
            .and_hms_opt(23, 0, 0)
            .unwrap()
            .and_utc();
        let months = h.by_month(through, 3);
        let firsts: Vec<String> = months.iter().map(|(d, _)| d.to_string()).collect();
        assert_eq!(firsts, ["2026-01-01", "2026-02-01", "2026-03-01"]);
        let delivered: Vec<u32> = months.iter().map(|(_, c)| c.delivered).collect();
        assert_eq!(delivered, [1, 0, 1]);
    }
}
