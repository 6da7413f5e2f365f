//! Per-organization settings of the trust model, with the documented defaults.

use serde::{Deserialize, Serialize};

use super::event::Stakes;
use crate::InvalidValue;

/// Minutes in a day: times are stored in minutes (see [`super::Time`]).
pub(crate) const MINUTES_PER_DAY: f64 = 1440.0;

/// The trust model's knobs for one organization. `Default` gives the values
/// of `docs/trust-model.md`; an admin may change them, so they are stored by
/// the shell and checked with [`TrustParams::validate`] before use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrustParams {
    /// `W`: how much evidence the prior is worth (4).
    pub prior_weight: f64,
    /// `a` until the organization has enough outcomes of its own (0.75).
    pub default_base_rate: f64,
    /// Outcomes needed before the organization's own delivery rate is used (30).
    pub base_rate_min_outcomes: u32,
    /// `H_r`, half-life of positive evidence and of reliance, in days (120).
    pub positive_half_life_days: f64,
    /// `H_s`, half-life of negative evidence, in days (60): a miss fades
    /// twice as fast as a success, which is how the product practices
    /// freedom to fail.
    pub negative_half_life_days: f64,
    /// `w_miss`, how much more a miss weighs than a delivery at first (1.5).
    pub miss_weight: f64,
    /// `g`, the factor on a miss when there was no other miss in the grace
    /// window (0.5).
    pub grace: f64,
    /// The grace window, in days (90).
    pub grace_window_days: f64,
    /// Factor on a miss of a delegation accepted as a stretch (0.5).
    pub stretch_miss_factor: f64,
    /// Positive evidence for help marked "this helped" (0.5).
    pub help_weight: f64,
    /// Weight of one revealed check-in answer "I can count on B" (1).
    pub check_in_weight: f64,
    /// Share of a miss's remaining evidence that a delivered second chance
    /// removes (0.5: "halves what remains").
    pub second_chance_relief: f64,
    /// Above this uncertainty the product shows "not enough history yet"
    /// instead of a number (0.5).
    pub uncertainty_threshold: f64,
    /// Window for ties, isolates and one-way relationships, in days (90).
    pub tie_window_days: f64,
    /// Plain interactions in the window that make a tie (2).
    pub min_tie_interactions: u32,
    /// Stakes weights `w`: small, medium, large (1, 1.5, 2).
    pub stakes_weights: [f64; 3],
}

impl Default for TrustParams {
    fn default() -> Self {
        Self {
            prior_weight: 4.0,
            default_base_rate: 0.75,
            base_rate_min_outcomes: 30,
            positive_half_life_days: 120.0,
            negative_half_life_days: 60.0,
            miss_weight: 1.5,
            grace: 0.5,
            grace_window_days: 90.0,
            stretch_miss_factor: 0.5,
            help_weight: 0.5,
            check_in_weight: 1.0,
            second_chance_relief: 0.5,
            uncertainty_threshold: 0.5,
            tie_window_days: 90.0,
            min_tie_interactions: 2,
            stakes_weights: [1.0, 1.5, 2.0],
        }
    }
}

impl TrustParams {
    /// Plain Beta reputation (W = 2, a = 0.5, no asymmetry, no grace): the
    /// "one shot" judgement the product exists to avoid, kept for comparison.
    pub fn plain_beta() -> Self {
        Self {
            prior_weight: 2.0,
            default_base_rate: 0.5,
            base_rate_min_outcomes: u32::MAX,
            negative_half_life_days: 120.0,
            miss_weight: 1.0,
            grace: 1.0,
            ..Self::default()
        }
    }

    /// Refuses settings that would make a score leave [0, 1] or become NaN.
    pub fn validate(&self) -> Result<(), InvalidValue> {
        let positive = [
            ("prior_weight", self.prior_weight),
            ("positive_half_life_days", self.positive_half_life_days),
            ("negative_half_life_days", self.negative_half_life_days),
        ];
        for (field, v) in positive {
            if !(v.is_finite() && v > 0.0) {
                return Err(InvalidValue::new(field, "must be a positive number"));
            }
        }
        let non_negative = [
            ("miss_weight", self.miss_weight),
            ("grace", self.grace),
            ("grace_window_days", self.grace_window_days),
            ("stretch_miss_factor", self.stretch_miss_factor),
            ("help_weight", self.help_weight),
            ("check_in_weight", self.check_in_weight),
            ("tie_window_days", self.tie_window_days),
            ("stakes_weights", self.stakes_weights[0]),
            ("stakes_weights", self.stakes_weights[1]),
            ("stakes_weights", self.stakes_weights[2]),
        ];
        for (field, v) in non_negative {
            if !(v.is_finite() && v >= 0.0) {
                return Err(InvalidValue::new(field, "must be zero or more"));
            }
        }
        let unit = [
            ("default_base_rate", self.default_base_rate),
            ("second_chance_relief", self.second_chance_relief),
            ("uncertainty_threshold", self.uncertainty_threshold),
        ];
        for (field, v) in unit {
            if !(0.0..=1.0).contains(&v) {
                return Err(InvalidValue::new(field, "must be between 0 and 1"));
            }
        }
        Ok(())
    }

    /// The stakes weight `w` of a delegation.
    pub fn stakes_weight(&self, stakes: Stakes) -> f64 {
        self.stakes_weights[stakes as usize]
    }

    /// Decay rates per minute, precomputed once per ledger.
    pub(crate) fn rates(&self) -> Rates {
        Rates {
            positive: 1.0 / (self.positive_half_life_days * MINUTES_PER_DAY),
            negative: 1.0 / (self.negative_half_life_days * MINUTES_PER_DAY),
            grace_window: days_to_minutes(self.grace_window_days),
            tie_window: days_to_minutes(self.tie_window_days),
        }
    }
}

/// Inverse half-lives in minutes and windows in minutes.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub(crate) struct Rates {
    pub positive: f64,
    pub negative: f64,
    pub grace_window: u32,
    pub tie_window: u32,
}

impl Rates {
    /// `2^(−Δt / H)` for a rate `1/H`; a time going backwards never decays.
    #[inline]
    pub fn decay(rate: f64, dt_minutes: u32) -> f64 {
        if dt_minutes == 0 {
            1.0
        } else {
            (-(dt_minutes as f64) * rate).exp2()
        }
    }
}

fn days_to_minutes(days: f64) -> u32 {
    // Saturating: an absurdly long window simply means "always".
    (days * MINUTES_PER_DAY).clamp(0.0, u32::MAX as f64) as u32
}
