//! Text values: emails, names, slugs, skills and free text, each with the
//! rules a person would expect and an error that says what to fix.

use super::InvalidValue;
use serde::Serialize;
use std::fmt;

/// Trims, refuses control characters and bounds the length in characters.
fn bounded(field: &'static str, s: &str, min: usize, max: usize) -> Result<String, InvalidValue> {
    let t = s.trim();
    let n = t.chars().count();
    if n < min {
        return Err(InvalidValue::new(
            field,
            if min <= 1 {
                "must not be empty".to_string()
            } else {
                format!("must be at least {min} characters")
            },
        ));
    }
    if n > max {
        return Err(InvalidValue::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if t.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(InvalidValue::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(t.to_string())
}

macro_rules! text_value {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}

text_value!(
    /// An email address, trimmed and lower-cased: unique on the instance.
    Email,
    /// A person's or an organization's display name.
    Name,
    /// A URL-safe identifier such as `acme-corp`.
    Slug,
    /// A job title; may be empty.
    Title,
    /// A skill or topic, whitespace collapsed; compared case-insensitively.
    SkillName,
    /// Free text written by a person (a profile, a note).
    FreeText,
);

impl Email {
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let t = s.trim().to_lowercase();
        let err = |why: &str| Err(InvalidValue::new("email", why.to_string()));
        if t.is_empty() {
            return err("must not be empty");
        }
        if t.len() > 254 {
            return err("must be at most 254 characters");
        }
        if t.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return err("must not contain spaces");
        }
        let Some((local, domain)) = t.split_once('@') else {
            return err("must look like name@example.com");
        };
        if local.is_empty() || domain.contains('@') || local.len() > 64 {
            return err("must look like name@example.com");
        }
        let labels_ok = domain.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
        if !domain.contains('.') || !labels_ok {
            return err("must have a domain such as example.com after the @");
        }
        if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
            return err("must look like name@example.com");
        }
        Ok(Email(t))
    }
}

impl Name {
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        Self::parse_field("name", s)
    }

    /// The same rules, reported under another field name (a team's name, say).
    pub fn parse_field(field: &'static str, s: &str) -> Result<Self, InvalidValue> {
        let t = bounded(field, s, 1, 100)?;
        if t.contains(['\n', '\r', '\t']) {
            return Err(InvalidValue::new(field, "must be on one line"));
        }
        if let Some((c, what)) = t.chars().find_map(|c| invisible(c).map(|w| (c, w))) {
            return Err(InvalidValue::new(
                field,
                format!(
                    "must not contain the invisible character U+{:04X} ({what}), which can make \
                     a name read differently from what it is; type the name again without it",
                    c as u32
                ),
            ));
        }
        Ok(Name(t))
    }
}

/// What an invisible character that can disguise a name is, if `c` is one:
/// the bidirectional controls that reorder text (a name that reads "Ada"
/// but sorts and matches as something else) and the zero-width characters
/// that make two names look identical.
fn invisible(c: char) -> Option<&'static str> {
    match c {
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some("a text direction control"),
        '\u{200E}' | '\u{200F}' | '\u{061C}' => Some("a text direction mark"),
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => Some("a zero-width character"),
        _ => None,
    }
}

impl Slug {
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let t = s.trim();
        let ok_chars = t
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if t.len() < 2 || t.len() > 40 || !ok_chars || t.starts_with('-') || t.ends_with('-') {
            return Err(InvalidValue::new(
                "slug",
                "must be 2 to 40 lower-case letters, digits or hyphens, such as acme-corp",
            ));
        }
        Ok(Slug(t.to_string()))
    }

    /// A slug made from any name: `"Platform & Data"` becomes `platform-data`.
    pub fn from_name(name: &str) -> Option<Self> {
        let mut out = String::new();
        for c in name.trim().to_lowercase().chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        let out: String = out.trim_end_matches('-').chars().take(40).collect();
        Slug::parse(out.trim_end_matches('-')).ok()
    }
}

impl Title {
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        bounded("title", s, 0, 100).map(Title)
    }
}

impl SkillName {
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
        bounded("skill", &collapsed, 1, 60).map(SkillName)
    }

    /// The key skills are compared by: `Rust` and ` rust ` are one skill.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl FreeText {
    /// Free text up to `max` characters; may be empty.
    pub fn parse(field: &'static str, s: &str, max: usize) -> Result<Self, InvalidValue> {
        bounded(field, s, 0, max).map(FreeText)
    }

    /// Free text that must say something.
    pub fn parse_required(field: &'static str, s: &str, max: usize) -> Result<Self, InvalidValue> {
        bounded(field, s, 1, max).map(FreeText)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_email_is_trimmed_and_lower_cased() {
        let e = Email::parse("  Ada.Lovelace@Example.COM ").unwrap();
        assert_eq!(e.as_str(), "ada.lovelace@example.com");
    }

    #[test]
    fn emails_without_a_proper_domain_are_refused() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "ada@@example.com",
            "ada lovelace@example.com",
            "ada@-example.com",
            "ada@example..com",
            ".ada@example.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn slugs_are_made_from_names() {
        assert_eq!(
            Slug::from_name("Platform & Data").unwrap().as_str(),
            "platform-data"
        );
        assert!(Slug::parse("Acme").is_err());
        assert!(Slug::parse("-acme").is_err());
        assert!(Slug::parse("acme-corp").is_ok());
    }

    #[test]
    fn a_name_must_be_one_non_empty_line() {
        assert!(Name::parse("   ").is_err());
        assert!(Name::parse("Ada\nLovelace").is_err());
        assert_eq!(
            Name::parse(" Ada Lovelace ").unwrap().as_str(),
            "Ada Lovelace"
        );
        assert!(Name::parse(&"x".repeat(101)).is_err());
    }

    #[test]
    fn a_name_refuses_invisible_characters_that_disguise_it() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{200B}', '\u{200C}',
            '\u{200D}', '\u{2060}', '\u{FEFF}',
        ] {
            let e = Name::parse(&format!("Ada{c}Lovelace")).unwrap_err();
            assert_eq!(e.field, "name");
            assert!(
                e.reason.contains(&format!("U+{:04X}", c as u32)),
                "{c:?}: {}",
                e.reason
            );
        }
        let e = Name::parse_field("team", "\u{202E}maet").unwrap_err();
        assert_eq!(e.field, "team");
        assert!(e.reason.contains("text direction"), "{}", e.reason);
        // Names in any script, with accents and apostrophes, still parse.
        for good in ["Zoë O'Brien", "محمد رضا", "山田 太郎", "Ngũgĩ wa Thiong'o"] {
            assert_eq!(Name::parse(good).unwrap().as_str(), good);
        }
    }

    #[test]
    fn skills_compare_case_insensitively_with_whitespace_collapsed() {
        let a = SkillName::parse("  Public   speaking ").unwrap();
        assert_eq!(a.as_str(), "Public speaking");
        assert_eq!(a.key(), SkillName::parse("public speaking").unwrap().key());
    }

    proptest! {
        /// Whatever goes in, a parsed email is lower-case, trimmed and has one @.
        #[test]
        fn a_parsed_email_is_normalised(s in "\\PC{0,40}") {
            if let Ok(e) = Email::parse(&s) {
                prop_assert_eq!(e.as_str(), e.as_str().trim());
                prop_assert_eq!(e.as_str().to_lowercase(), e.as_str());
                prop_assert_eq!(e.as_str().matches('@').count(), 1);
            }
        }

        /// Parsing is idempotent: a parsed value parses to itself.
        #[test]
        fn parsing_a_parsed_value_changes_nothing(local in "[a-z0-9.]{1,10}", dom in "[a-z]{1,8}") {
            if let Ok(e) = Email::parse(&format!("{local}@{dom}.org")) {
                prop_assert_eq!(Email::parse(e.as_str()).unwrap(), e);
            }
        }

        /// A slug made from any name is a valid slug.
        #[test]
        fn a_slug_from_any_name_is_valid(s in "\\PC{0,60}") {
            if let Some(slug) = Slug::from_name(&s) {
                prop_assert!(Slug::parse(slug.as_str()).is_ok());
            }
        }

        /// Names never keep surrounding whitespace and never exceed 100 characters.
        #[test]
        fn names_are_trimmed_and_bounded(s in "\\PC{0,120}") {
            if let Ok(n) = Name::parse(&s) {
                prop_assert_eq!(n.as_str().trim(), n.as_str());
                prop_assert!(n.as_str().chars().count() <= 100);
                prop_assert!(!n.as_str().is_empty());
            }
        }
    }
}
