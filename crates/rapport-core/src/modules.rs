//! The parts of rapport an organization can switch off (PRODUCT.md,
//! governance), and the pilot: with `pilot` teams named, the modules are on
//! for people of those teams only. A module that is off disappears from
//! pages, navigation, nudges, digests and the API, and keeps its data.

use crate::nudges::NudgeKind;
use crate::{InvalidValue, TeamId};

/// One switchable part of rapport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Module {
    Delegations,
    Help,
    CheckIns,
    Introductions,
    Learning,
    Insights,
    Email,
}

impl Module {
    pub const ALL: [Module; 7] = [
        Module::Delegations,
        Module::Help,
        Module::CheckIns,
        Module::Introductions,
        Module::Learning,
        Module::Insights,
        Module::Email,
    ];

    /// The name in the API (`"check_ins"`) and in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Module::Delegations => "delegations",
            Module::Help => "help",
            Module::CheckIns => "check_ins",
            Module::Introductions => "introductions",
            Module::Learning => "learning",
            Module::Insights => "insights",
            Module::Email => "email",
        }
    }

    /// The name people read ("check-ins").
    pub fn words(self) -> &'static str {
        match self {
            Module::Delegations => "delegations",
            Module::Help => "\u{201c}can you help me?\u{201d} requests",
            Module::CheckIns => "check-ins",
            Module::Introductions => "introductions",
            Module::Learning => "the course",
            Module::Insights => "team insights",
            Module::Email => "email digests",
        }
    }

    pub fn parse(s: &str) -> Result<Module, InvalidValue> {
        Module::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| {
                InvalidValue::new(
                    "modules",
                    format!(
                        "`{s}` is not a module; the modules are {}",
                        Module::ALL.map(Module::as_str).join(", ")
                    ),
                )
            })
    }

    /// The module a nudge belongs to; `None` for those that need none
    /// (reconnecting, a first small favor is a delegation too).
    pub fn of_nudge(kind: NudgeKind) -> Option<Module> {
        match kind {
            NudgeKind::SecondChance | NudgeKind::FirstTrust => Some(Module::Delegations),
            NudgeKind::Meet => Some(Module::Introductions),
            NudgeKind::CheckIn => Some(Module::CheckIns),
            NudgeKind::Reciprocate | NudgeKind::AskForHelp => Some(Module::Help),
            NudgeKind::Learn => Some(Module::Learning),
            NudgeKind::Reconnect => None,
        }
    }
}

/// An organization's switches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Modules {
    /// Switched off for everyone.
    pub off: Vec<Module>,
    /// When not empty, the modules are on only for people of these teams.
    pub pilot: Vec<TeamId>,
}

impl Modules {
    /// Whether `module` is on for a person of `team`.
    pub fn on_for(&self, module: Module, team: Option<TeamId>) -> bool {
        !self.off.contains(&module)
            && (self.pilot.is_empty() || team.is_some_and(|t| self.pilot.contains(&t)))
    }

    /// Whether `module` is on for the organization as a whole (the
    /// transparency page, the admin page).
    pub fn switched_on(&self, module: Module) -> bool {
        !self.off.contains(&module)
    }

    /// The stored form: the names of the modules that are off, by commas.
    pub fn off_text(&self) -> String {
        let mut off = self.off.clone();
        off.sort();
        off.dedup();
        off.iter().map(|m| m.as_str()).collect::<Vec<_>>().join(",")
    }

    /// Reads the stored form; an unknown name (a newer release's module)
    /// is ignored rather than failing every read.
    pub fn from_stored(off: &str, pilot: &str) -> Modules {
        Modules {
            off: off
                .split(',')
                .filter_map(|s| Module::parse(s.trim()).ok())
                .collect(),
            pilot: pilot
                .split(',')
                .filter_map(|s| TeamId::parse(s.trim()))
                .collect(),
        }
    }

    pub fn pilot_text(&self) -> String {
        self.pilot
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_is_on_unless_switched_off_or_outside_the_pilot() {
        let (a, b) = (TeamId::new(), TeamId::new());
        let all = Modules::default();
        assert!(all.on_for(Module::Help, None));
        let no_help = Modules {
            off: vec![Module::Help],
            pilot: vec![],
        };
        assert!(!no_help.on_for(Module::Help, Some(a)));
        assert!(no_help.on_for(Module::Delegations, Some(a)));
        let pilot = Modules {
            off: vec![],
            pilot: vec![a],
        };
        assert!(pilot.on_for(Module::Help, Some(a)));
        assert!(!pilot.on_for(Module::Help, Some(b)));
        assert!(
            !pilot.on_for(Module::Help, None),
            "nobody without a team in a pilot"
        );
        assert!(pilot.switched_on(Module::Help));
    }

    #[test]
    fn the_stored_form_reads_back_and_ignores_unknown_names() {
        let t = TeamId::new();
        let m = Modules {
            off: vec![Module::Email, Module::CheckIns, Module::Email],
            pilot: vec![t],
        };
        let back = Modules::from_stored(&m.off_text(), &m.pilot_text());
        assert_eq!(back.off, vec![Module::CheckIns, Module::Email]);
        assert_eq!(back.pilot, vec![t]);
        assert_eq!(
            Modules::from_stored("help,teleport", "").off,
            vec![Module::Help]
        );
        assert_eq!(Modules::from_stored("", ""), Modules::default());
    }

    #[test]
    fn every_module_parses_from_its_name_and_a_wrong_name_says_the_list() {
        for m in Module::ALL {
            assert_eq!(Module::parse(m.as_str()).unwrap(), m);
        }
        let e = Module::parse("chat").unwrap_err();
        assert!(e.reason.contains("check_ins"), "{}", e.reason);
    }
}
