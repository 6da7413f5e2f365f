//! "Can you help me?": ranking colleagues to suggest for a help request.
//!
//! A candidate must be strong in the requested skill. Among those, a match
//! that works both ways ranks higher (the helper wants to grow in something
//! the asker is strong in: they can trade), then an existing tie (asking is
//! easier where there is already trust), and the same few people are not
//! overloaded (recent help given and open offers count against). Growth
//! areas reach this function only when their owner shared them.

use crate::PersonId;
use std::collections::BTreeSet;

/// A colleague who might help, as the shell gathered them.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: PersonId,
    /// Skill keys (lower-case names) the candidate is strong in.
    pub strengths: BTreeSet<String>,
    /// Skill keys the candidate wants to grow in *and shared*.
    pub shared_growth: BTreeSet<String>,
    /// Decayed reliance between asker and candidate, both ways added.
    pub tie: f64,
    /// Help given and offers made in the last 30 days.
    pub recent_load: u32,
}

/// A suggested helper with the score it ranked by and the reasons, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub id: PersonId,
    pub score: f64,
    pub reasons: Vec<String>,
}

/// Ranks candidates for `skill_key`; the asker's own strengths decide the
/// two-way bonus. The same inputs always give the same order.
pub fn suggest_helpers(
    asker: PersonId,
    asker_strengths: &BTreeSet<String>,
    skill_key: &str,
    candidates: &[Candidate],
    limit: usize,
) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = candidates
        .iter()
        .filter(|c| c.id != asker && c.strengths.contains(skill_key))
        .map(|c| {
            let mut score = 1.0;
            let mut reasons = vec![format!("strong in {skill_key}")];
            let trade: Vec<&String> = c.shared_growth.intersection(asker_strengths).collect();
            if let Some(first) = trade.first() {
                score += 1.0;
                reasons.push(format!("wants to grow in {first}, which you are strong in"));
            }
            if c.tie > 0.0 {
                score += 0.5 * c.tie.min(2.0) / 2.0;
                reasons.push("you already work together".to_string());
            }
            if c.recent_load > 0 {
                score -= 0.25 * f64::from(c.recent_load.min(4));
                if c.recent_load >= 3 {
                    reasons.push("has helped a lot lately".to_string());
                }
            }
            Suggestion {
                id: c.id,
                score,
                reasons,
            }
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(xs: &[&str]) -> BTreeSet<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    fn cand(n: u128, strengths: &[&str], growth: &[&str], tie: f64, load: u32) -> Candidate {
        Candidate {
            id: PersonId(uuid::Uuid::from_u128(n)),
            strengths: set(strengths),
            shared_growth: set(growth),
            tie,
            recent_load: load,
        }
    }

    /// Only people strong in the skill are suggested, never the asker.
    #[test]
    fn only_people_strong_in_the_skill_are_suggested() {
        let asker = PersonId(uuid::Uuid::from_u128(1));
        let cs = vec![
            cand(1, &["sql"], &[], 0.0, 0),
            cand(2, &["sql"], &[], 0.0, 0),
            cand(3, &["rust"], &[], 0.0, 0),
        ];
        let s = suggest_helpers(asker, &set(&[]), "sql", &cs, 10);
        assert_eq!(
            s.iter().map(|x| x.id.0.as_u128()).collect::<Vec<_>>(),
            vec![2]
        );
    }

    /// A match that works both ways ranks above a one-way match, and a tie above none.
    #[test]
    fn a_two_way_match_and_a_tie_rank_higher() {
        let asker = PersonId(uuid::Uuid::from_u128(1));
        let cs = vec![
            cand(2, &["sql"], &[], 0.0, 0),
            cand(3, &["sql"], &["figma"], 0.0, 0),
            cand(4, &["sql"], &[], 1.0, 0),
        ];
        let s = suggest_helpers(asker, &set(&["figma"]), "sql", &cs, 10);
        assert_eq!(
            s.iter().map(|x| x.id.0.as_u128()).collect::<Vec<_>>(),
            vec![3, 4, 2]
        );
        assert!(s[0].reasons.iter().any(|r| r.contains("figma")));
    }

    /// Someone who has helped a lot lately drops below an equal, rested colleague.
    #[test]
    fn busy_helpers_are_not_overloaded() {
        let asker = PersonId(uuid::Uuid::from_u128(1));
        let cs = vec![
            cand(2, &["sql"], &[], 0.0, 4),
            cand(3, &["sql"], &[], 0.0, 0),
        ];
        let s = suggest_helpers(asker, &set(&[]), "sql", &cs, 10);
        assert_eq!(s[0].id.0.as_u128(), 3);
    }
}
