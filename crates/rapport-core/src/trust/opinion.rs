//! Reading the ledger: A's opinion about B at a time, and the figures of a
//! relationship. Reads compute a decayed view and never write it back.

use std::hash::Hash;

use serde::{Deserialize, Serialize};

use super::event::Time;
use super::ledger::{NEVER, PairState, TrustLedger};
use super::params::Rates;

/// Decayed evidence about B's conduct toward A.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Evidence {
    pub positive: f64,
    pub negative: f64,
}

/// A Subjective Logic opinion: `belief + disbelief + uncertainty = 1`, and
/// `trust = belief + base_rate · uncertainty`, always within [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Opinion {
    pub belief: f64,
    pub disbelief: f64,
    pub uncertainty: f64,
    pub base_rate: f64,
    pub trust: f64,
}

impl Opinion {
    /// The opinion that `evidence` gives with prior weight `w` and base rate `a`.
    pub fn from_evidence(evidence: Evidence, w: f64, a: f64) -> Self {
        let total = evidence.positive + evidence.negative + w;
        let belief = evidence.positive / total;
        let disbelief = evidence.negative / total;
        let uncertainty = w / total;
        Self {
            belief,
            disbelief,
            uncertainty,
            base_rate: a,
            trust: (belief + a * uncertainty).clamp(0.0, 1.0),
        }
    }
}

/// How the product describes a relationship. Labels speak of the
/// relationship, never of the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrustLabel {
    /// No evidence at all: no range and no number.
    NoHistoryYet,
    /// Evidence, but uncertainty above the threshold: a range, no number.
    NotEnoughHistory,
    /// A miss in the grace window (90 days by default).
    HadABumpRecently,
    /// Trust at or above the organization's base rate.
    ReliableSoFar,
    /// Trust below the base rate, with no recent miss.
    MixedSoFar,
}

impl TrustLabel {
    /// The words shown in the interface.
    pub fn text(self) -> &'static str {
        match self {
            Self::NoHistoryYet => "no history yet",
            Self::NotEnoughHistory => "still forming",
            Self::HadABumpRecently => "had a bump recently",
            Self::ReliableSoFar => "reliable so far",
            Self::MixedSoFar => "mixed so far",
        }
    }
}

/// Where A's trust in B lies: from belief (`low`, what the evidence shows)
/// to belief + uncertainty (`high`, if everything not yet known went well).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Range {
    pub low: f64,
    pub high: f64,
}

/// A's trust in B as the interface shows it: a range from the first piece
/// of evidence, and a single `value` only once uncertainty is at most the
/// threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrustView {
    pub value: Option<f64>,
    /// `None` only with no evidence at all.
    pub range: Option<Range>,
    pub uncertainty: f64,
    pub label: TrustLabel,
    pub opinion: Opinion,
}

/// A's private picture of the relationship with B at a time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Relationship {
    pub trust: TrustView,
    /// `w_AB`: decayed count of A relying on B.
    pub reliance_out: f64,
    /// `w_BA`: decayed count of B relying on A.
    pub reliance_in: f64,
    /// `min(w_AB, w_BA) / max(w_AB, w_BA)`, 0 when one side is 0.
    pub reciprocity: f64,
    /// A relied on B in the window and B never on A.
    pub one_way: bool,
    /// Latest event between the two, either direction.
    pub last_interaction: Option<Time>,
}

/// Pair reciprocity: `min / max`, 0 when one side is 0.
pub fn pair_reciprocity(w_ab: f64, w_ba: f64) -> f64 {
    let (lo, hi) = if w_ab < w_ba {
        (w_ab, w_ba)
    } else {
        (w_ba, w_ab)
    };
    if lo > 0.0 { lo / hi } else { 0.0 }
}

impl<P: Copy + Eq + Hash> TrustLedger<P> {
    /// The organization's base rate `a` at `at`: its decayed delivery rate
    /// once it has enough outcomes, the default until then.
    pub fn base_rate(&self, _at: Time) -> f64 {
        // Both sums decay with the same half-life, so the ratio does not
        // depend on the time it is read at.
        let r = &self.rate;
        if r.count < self.params.base_rate_min_outcomes || r.outcomes <= f64::EPSILON {
            return self.params.default_base_rate;
        }
        (r.delivered / r.outcomes).clamp(0.0, 1.0)
    }

    /// Decayed evidence of A about B at `at`.
    pub fn evidence(&self, a: P, b: P, at: Time) -> Evidence {
        match self.pairs.get(&(a, b)) {
            Some(st) => decayed(st, &self.rates, at).0,
            None => Evidence::default(),
        }
    }

    /// Decayed reliance `w_AB` at `at`.
    pub fn reliance(&self, a: P, b: P, at: Time) -> f64 {
        self.pairs
            .get(&(a, b))
            .map_or(0.0, |st| decayed(st, &self.rates, at).1)
    }

    /// A's opinion about B at `at`.
    pub fn opinion(&self, a: P, b: P, at: Time) -> Opinion {
        Opinion::from_evidence(
            self.evidence(a, b, at),
            self.params.prior_weight,
            self.base_rate(at),
        )
    }

    /// A's trust in B as shown to A: value, uncertainty and label.
    pub fn trust_view(&self, a: P, b: P, at: Time) -> TrustView {
        let evidence = self.evidence(a, b, at);
        let opinion =
            Opinion::from_evidence(evidence, self.params.prior_weight, self.base_rate(at));
        // Decay never reaches zero, so any evidence ever recorded (and not
        // taken back by a dispute) shows as a range, however wide.
        let any = evidence.positive + evidence.negative > 0.0;
        let enough = any && opinion.uncertainty <= self.params.uncertainty_threshold;
        let recent_miss = self.pairs.get(&(a, b)).is_some_and(|st| {
            st.last_miss != NEVER
                && st.last_miss <= at.0
                && at.minutes_since(Time(st.last_miss)) <= self.rates.grace_window
        });
        let label = if !any {
            TrustLabel::NoHistoryYet
        } else if !enough {
            TrustLabel::NotEnoughHistory
        } else if recent_miss {
            TrustLabel::HadABumpRecently
        } else if opinion.trust >= opinion.base_rate {
            TrustLabel::ReliableSoFar
        } else {
            TrustLabel::MixedSoFar
        };
        TrustView {
            value: enough.then_some(opinion.trust),
            range: any.then_some(Range {
                low: opinion.belief,
                high: opinion.belief + opinion.uncertainty,
            }),
            uncertainty: opinion.uncertainty,
            label,
            opinion,
        }
    }

    /// Everything A's relationship page shows about B at `at`.
    pub fn relationship(&self, a: P, b: P, at: Time) -> Relationship {
        let ab = self.pairs.get(&(a, b));
        let ba = self.pairs.get(&(b, a));
        let reliance_out = ab.map_or(0.0, |st| decayed(st, &self.rates, at).1);
        let reliance_in = ba.map_or(0.0, |st| decayed(st, &self.rates, at).1);
        let in_window = |st: Option<&PairState>| {
            st.is_some_and(|st| st.interactions_in_window(&self.rates, at) > 0)
        };
        let last = [ab, ba]
            .into_iter()
            .flatten()
            .map(|st| st.last)
            .filter(|&t| t != NEVER)
            .max();
        Relationship {
            trust: self.trust_view(a, b, at),
            reliance_out,
            reliance_in,
            reciprocity: pair_reciprocity(reliance_out, reliance_in),
            one_way: reliance_out > 0.0 && in_window(ab) && !in_window(ba),
            last_interaction: last.map(Time),
        }
    }
}

/// The decayed evidence and reliance of one pair at `at`.
pub(crate) fn decayed(st: &PairState, rates: &Rates, at: Time) -> (Evidence, f64) {
    let (fr, fs) = st.factors(rates, at);
    (
        Evidence {
            positive: f64::from(st.r) * fr,
            negative: f64::from(st.s) * fs,
        },
        f64::from(st.reliance) * fr,
    )
}
