//! A deterministic synthetic organization for `rapport bench trust`: teams
//! with a manager each, heavy-tailed activity, most ties inside teams and
//! some across, and an event history that creates exactly those ties.
//!
//! The history spans 60 days (inside the 90-day tie window) in three
//! phases: every tie starts with a delegation or a help request, then gets
//! its outcome, then half the ties see a follow-up (a check-in, a second
//! chance after a miss, a dispute, a new delegation, a plain interaction).
//! Ties are visited in a pseudo-random order so that replay touches memory
//! the way a real history would, not one row at a time.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::trust::{DelegationRef, Event, EventKind, Outcome, Stakes, Time};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthParams {
    pub people: u32,
    pub ties: u64,
    pub seed: u64,
}

/// The generated organization: its ties (as rows per person) and what is
/// needed to replay its history.
#[derive(Debug, Clone)]
pub struct SynthOrg {
    pub team_of: Vec<u32>,
    pub teams: u32,
    offsets: Vec<usize>,
    targets: Vec<u32>,
    reliability: Vec<f32>,
    seed: u64,
}

/// Share of a person's ties inside their own team.
const INSIDE_TEAM: f64 = 0.85;
/// Days of history, and where it starts (about 2024).
const HISTORY_DAYS: f64 = 60.0;
const START_DAY: f64 = 19_800.0;
/// Events handed to the sink at a time: big enough to time, small in memory.
const CHUNK: usize = 1 << 20;

/// Builds the organization's ties. Out-degrees follow a Pareto law
/// (α = 2.2): a few people rely on many, most on a handful.
pub fn synthesize(p: &SynthParams) -> SynthOrg {
    let n = p.people.max(1) as usize;
    let mut rng = ChaCha8Rng::seed_from_u64(p.seed);
    let avg = p.ties as f64 / n as f64;
    let mean_team = (1.6 * INSIDE_TEAM * avg).clamp(8.0, 400.0);
    let (team_of, starts) = teams(n, mean_team, &mut rng);
    let activity: Vec<f64> = (0..n)
        .map(|_| (1.0 - rng.r#gen::<f64>()).powf(-1.0 / 2.2))
        .collect();
    let total: f64 = activity.iter().sum();
    let mut offsets = Vec::with_capacity(n + 1);
    let mut targets: Vec<u32> = Vec::with_capacity(p.ties as usize);
    let mut stamp = vec![u32::MAX; n];
    let mut scratch: Vec<u32> = Vec::new();
    offsets.push(0);
    let (mut prefix, mut assigned) = (0.0f64, 0u64);
    for i in 0..n {
        // Round the running total, not each degree, so that degrees add up
        // to exactly the ties asked for.
        prefix += activity[i];
        let upto = if i + 1 == n {
            p.ties
        } else {
            (p.ties as f64 * prefix / total).round() as u64
        };
        let d = (upto.saturating_sub(assigned) as usize).min(n - 1);
        assigned += d as u64;
        let t = team_of[i] as usize;
        let (lo, hi) = (starts[t], starts[t + 1]);
        let inside = ((d as f64 * INSIDE_TEAM).round() as usize).min(hi - lo - 1);
        let outside = (d - inside).min(n - (hi - lo));
        let row_start = targets.len();
        // Inside: the manager (first member) first, then a partial shuffle.
        scratch.clear();
        scratch.extend((lo..hi).filter(|&j| j != i).map(|j| j as u32));
        for k in 0..inside {
            let pick = if k == 0 && i != lo {
                0
            } else {
                rng.gen_range(k..scratch.len())
            };
            scratch.swap(k, pick);
            stamp[scratch[k] as usize] = i as u32;
            targets.push(scratch[k]);
        }
        // Outside: mostly neighbouring teams, some anywhere; rejection keeps
        // ties distinct (few are needed, so it ends fast).
        let mut placed = 0;
        while placed < outside {
            let j = if rng.gen_bool(0.6) {
                let hop = rng.gen_range(1..=3) as usize
                    * if rng.gen_bool(0.5) {
                        1
                    } else {
                        starts.len() - 2
                    };
                let u = (t + hop) % (starts.len() - 1);
                rng.gen_range(starts[u]..starts[u + 1])
            } else {
                rng.gen_range(0..n)
            };
            if j != i && team_of[j] as usize != t && stamp[j] != i as u32 {
                stamp[j] = i as u32;
                targets.push(j as u32);
                placed += 1;
            }
        }
        targets[row_start..].sort_unstable();
        offsets.push(targets.len());
    }
    let reliability = (0..n)
        .map(|_| 0.7 + 0.28 * rng.r#gen::<f32>().sqrt())
        .collect();
    SynthOrg {
        teams: (starts.len() - 1) as u32,
        team_of,
        offsets,
        targets,
        reliability,
        seed: p.seed,
    }
}

/// Team of each person and team start offsets (teams are contiguous).
fn teams(n: usize, mean: f64, rng: &mut ChaCha8Rng) -> (Vec<u32>, Vec<usize>) {
    let mut starts = vec![0];
    while *starts.last().unwrap_or(&n) < n {
        let size = (mean * rng.gen_range(0.5..1.5)).round().max(2.0) as usize;
        let last = *starts.last().unwrap_or(&n);
        starts.push((last + size).min(n));
    }
    let mut team_of = vec![0u32; n];
    for t in 0..starts.len() - 1 {
        team_of[starts[t]..starts[t + 1]].fill(t as u32);
    }
    (team_of, starts)
}

impl SynthOrg {
    /// Number of people.
    pub fn people(&self) -> usize {
        self.team_of.len()
    }

    /// Number of ties generated.
    pub fn ties(&self) -> usize {
        self.targets.len()
    }

    /// Ties as `(source, target)`, sorted.
    pub fn tie_list(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        (0..self.people()).flat_map(move |s| {
            self.targets[self.offsets[s]..self.offsets[s + 1]]
                .iter()
                .map(move |&t| (s as u32, t))
        })
    }

    /// Share of ties whose two ends are in the same team.
    pub fn inside_team_share(&self) -> f64 {
        let inside = self
            .tie_list()
            .filter(|&(s, t)| self.team_of[s as usize] == self.team_of[t as usize])
            .count();
        inside as f64 / self.ties().max(1) as f64
    }

    /// The moment the history ends, when the benchmark reads the ledger.
    pub fn end(&self) -> Time {
        Time::from_days(START_DAY + HISTORY_DAYS)
    }

    /// Number of events [`SynthOrg::events`] produces.
    pub fn event_count(&self) -> u64 {
        let m = self.ties() as u64;
        2 * m + m / 2
    }

    /// Generates the history in time order, handing it to `sink` in chunks.
    pub fn events(&self, mut sink: impl FnMut(&[Event<u32>])) {
        let m = self.ties() as u64;
        let mut buf: Vec<Event<u32>> = Vec::with_capacity(CHUNK.min(self.event_count() as usize));
        let phases = [(0u8, m), (1, m), (2, m / 2)];
        for (phase, len) in phases {
            let perm = Permutation::new(m, self.seed ^ u64::from(phase));
            for k in 0..len {
                let tie = perm.at(k);
                let day = START_DAY + 20.0 * (f64::from(phase) + k as f64 / len.max(1) as f64);
                buf.push(self.event(phase, tie, Time::from_days(day)));
                if buf.len() == CHUNK {
                    sink(&buf);
                    buf.clear();
                }
            }
        }
        if !buf.is_empty() {
            sink(&buf);
        }
    }

    fn event(&self, phase: u8, tie: u64, at: Time) -> Event<u32> {
        let from = self.offsets.partition_point(|&o| o <= tie as usize) - 1;
        let to = self.targets[tie as usize];
        let h = mix(self.seed ^ tie.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let delegated = h % 10 < 7;
        let first = DelegationRef::from(tie);
        let outcome = self.outcome(to, h);
        let stakes =
            [Stakes::Small, Stakes::Small, Stakes::Medium, Stakes::Large][(h >> 8) as usize % 4];
        let completed = |delegation, outcome, second_chance_of| EventKind::Completed {
            delegation,
            stakes,
            outcome,
            stretch: (h >> 12).is_multiple_of(10),
            second_chance_of,
        };
        let kind = match (phase, delegated) {
            (0, true) => EventKind::Delegated,
            (0, false) => EventKind::HelpAsked,
            (1, true) => completed(first, outcome, None),
            (1, false) => EventKind::HelpResolved {
                helped: !(h >> 16).is_multiple_of(5),
            },
            _ => {
                let again = DelegationRef::from(tie + self.ties() as u64);
                match (delegated && outcome == Outcome::Missed, (h >> 20) % 10) {
                    (true, 0) => EventKind::Disputed { delegation: first },
                    (true, _) => completed(again, Outcome::Delivered, Some(first)),
                    (false, 0..=2) => EventKind::CheckInRevealed {
                        count_on: 1 + ((h >> 24) % 5) as u8,
                    },
                    (false, 3..=4) => EventKind::Delegated,
                    _ => EventKind::Interaction,
                }
            }
        };
        Event {
            at,
            from: from as u32,
            to,
            kind,
        }
    }

    /// Delivered with the delegate's reliability, otherwise partly (a third
    /// of the time) or missed.
    fn outcome(&self, to: u32, h: u64) -> Outcome {
        let u = ((h >> 32) as f64) / 4_294_967_296.0;
        let r = f64::from(self.reliability[to as usize]);
        if u < r {
            Outcome::Delivered
        } else if u < r + (1.0 - r) / 3.0 {
            Outcome::Partly
        } else {
            Outcome::Missed
        }
    }
}

/// `k ↦ (a·k + b) mod m` with `a` coprime to `m`: a cheap, deterministic
/// shuffle of the ties.
struct Permutation {
    m: u64,
    a: u64,
    b: u64,
}

impl Permutation {
    fn new(m: u64, seed: u64) -> Self {
        let m = m.max(1);
        let mut a = (mix(seed) % m) | 1;
        while gcd(a, m) != 1 {
            a += 2;
        }
        Self {
            m,
            a,
            b: mix(seed ^ 1) % m,
        }
    }

    fn at(&self, k: u64) -> u64 {
        ((u128::from(self.a) * u128::from(k) + u128::from(self.b)) % u128::from(self.m)) as u64
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// SplitMix64's finalizer: a well-spread hash of a 64-bit value.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
