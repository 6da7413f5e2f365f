//! A person's summary of their own relationships, in plain words, with one
//! thing to try next. Pure: the shell passes the figures in.

/// The figures a summary speaks about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SummaryFigures {
    /// Trust extended: decayed volume relative to the organization's median.
    pub volume_ratio: f64,
    /// Distinct people relied on in the window.
    pub breadth: u32,
    /// Help requests made in the last 90 days.
    pub asks_90d: u32,
    /// Mean pair reciprocity over the people interacted with (0 to 1).
    pub mean_reciprocity: f64,
    /// People interacted with at all.
    pub partners: u32,
    /// In the first 14 days: no sentence compares the person with others.
    pub newcomer: bool,
}

/// Sentences about the pattern, and the one next step that fits it best.
pub fn personal_summary(f: &SummaryFigures) -> (Vec<String>, Try) {
    let mut said = Vec::new();
    if !f.newcomer {
        said.push(if f.volume_ratio >= 1.5 {
            "You rely on colleagues more than most people here do.".to_string()
        } else if f.volume_ratio >= 0.67 {
            "You rely on colleagues about as often as most people here.".to_string()
        } else {
            "You rely on colleagues less often than most people here.".to_string()
        });
    }
    said.push(match f.breadth {
        0 => "Lately you have not delegated to or asked anyone.".to_string(),
        1 => "Lately you have relied on one person.".to_string(),
        n => format!("Lately you have relied on {n} different people."),
    });
    said.push(match f.asks_90d {
        0 => "You have not asked for help in the last three months.".to_string(),
        1 => "You asked for help once in the last three months.".to_string(),
        n => format!("You asked for help {n} times in the last three months."),
    });
    if f.partners > 0 {
        said.push(if f.mean_reciprocity >= 0.6 {
            "Your relationships mostly go both ways.".to_string()
        } else if f.mean_reciprocity >= 0.25 {
            "Some of your relationships go mostly one way.".to_string()
        } else {
            "Most of your relationships go one way so far.".to_string()
        });
    }
    let next = if f.partners == 0 || f.breadth == 0 {
        Try::FirstTrust
    } else if f.asks_90d == 0 {
        Try::AskForHelp
    } else if f.mean_reciprocity < 0.25 {
        Try::GiveBack
    } else if f.breadth <= 2 {
        Try::Widen
    } else {
        Try::Thank
    };
    (said, next)
}

/// The general thing to try next, when the picture names nobody.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Try {
    FirstTrust,
    AskForHelp,
    GiveBack,
    Widen,
    Thank,
}

impl Try {
    pub fn text(self) -> &'static str {
        match self {
            Try::FirstTrust => "Be the first to trust: ask a teammate for a small favor this week.",
            Try::AskForHelp => {
                "Ask for help with something you want to grow in: it lets others trust you too."
            }
            Try::GiveBack => "Offer help to someone who often helps you.",
            Try::Widen => {
                "Widen the circle: delegate something small to someone you have not relied on yet."
            }
            Try::Thank => "Keep it going: thank someone who helped you recently.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures() -> SummaryFigures {
        SummaryFigures {
            volume_ratio: 1.0,
            breadth: 3,
            asks_90d: 2,
            mean_reciprocity: 0.7,
            partners: 5,
            newcomer: false,
        }
    }

    /// A newcomer is never compared with others.
    #[test]
    fn a_newcomer_is_not_compared_with_anyone() {
        for volume_ratio in [0.0, 1.0, 3.0] {
            let f = SummaryFigures {
                volume_ratio,
                newcomer: true,
                ..figures()
            };
            let (said, next) = personal_summary(&f);
            assert!(
                said.iter()
                    .map(String::as_str)
                    .chain([next.text()])
                    .all(|s| !s.contains("most people")),
                "{said:?}"
            );
            let (said, _) = personal_summary(&SummaryFigures {
                newcomer: false,
                ..f
            });
            assert!(said.iter().any(|s| s.contains("most people")));
        }
    }

    /// Someone who has relied on nobody is invited to be the first to trust.
    #[test]
    fn nobody_relied_on_suggests_a_first_small_favor() {
        let (_, next) = personal_summary(&SummaryFigures {
            breadth: 0,
            partners: 0,
            ..figures()
        });
        assert!(next.text().contains("first to trust"));
    }

    /// Someone who never asks for help is nudged to ask.
    #[test]
    fn never_asking_suggests_asking_for_help() {
        let (said, next) = personal_summary(&SummaryFigures {
            asks_90d: 0,
            ..figures()
        });
        assert!(said.iter().any(|s| s.contains("not asked for help")));
        assert!(next.text().contains("Ask for help"));
    }

    /// One-way relationships suggest giving back.
    #[test]
    fn one_way_relationships_suggest_reciprocating() {
        let (said, next) = personal_summary(&SummaryFigures {
            mean_reciprocity: 0.1,
            ..figures()
        });
        assert!(said.iter().any(|s| s.contains("one way")));
        assert!(next.text().contains("Offer help"));
    }
}
