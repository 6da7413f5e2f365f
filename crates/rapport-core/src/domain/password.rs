//! A password as a person chooses it, after NIST SP 800-63B: long enough,
//! and not one that attackers try first (a list of commonly used passwords
//! ships with rapport, see `data/README.md`). No rules about character
//! classes: a few unrelated words make a good password.

use super::InvalidValue;
use std::collections::HashSet;
use std::fmt;
use std::io::Read;
use std::sync::LazyLock;

/// A password as typed: long enough and not a common one, never logged.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const MIN_LEN: usize = 12;
    pub const MAX_LEN: usize = 1024;

    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let n = s.chars().count();
        if n < Self::MIN_LEN {
            return Err(InvalidValue::new(
                "password",
                format!(
                    "must be at least {} characters: a few unrelated words make a long \
                     password that is easy to remember",
                    Self::MIN_LEN
                ),
            ));
        }
        if n > Self::MAX_LEN {
            return Err(InvalidValue::new(
                "password",
                format!("must be at most {} characters", Self::MAX_LEN),
            ));
        }
        let mut chars = s.chars();
        let first = chars.next();
        if chars.all(|c| Some(c) == first) {
            return Err(InvalidValue::new(
                "password",
                "must not be one character repeated, which is guessed at once; \
                 choose a few unrelated words instead",
            ));
        }
        if is_common(s) {
            return Err(InvalidValue::new(
                "password",
                "is one of the most commonly used passwords, which attackers try first; \
                 choose another, such as a few unrelated words",
            ));
        }
        Ok(Password(s.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// The common passwords of at least [`Password::MIN_LEN`] characters,
/// lower-cased, one a line, gzipped (shorter ones are refused for their
/// length already).
static COMMON_GZ: &[u8] = include_bytes!("../../data/common-passwords.txt.gz");

static COMMON: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut text = String::new();
    // The file is part of the build: a broken copy is a build defect,
    // which the tests below catch; at run time it means an empty list.
    if flate2::read::GzDecoder::new(COMMON_GZ)
        .read_to_string(&mut text)
        .is_err()
    {
        text.clear();
    }
    text.lines().map(str::to_string).collect()
});

/// Whether `s` is on the list, ignoring case: `Password1234` is as common
/// as `password1234`.
fn is_common(s: &str) -> bool {
    COMMON.contains(&s.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_never_shown_in_debug_output() {
        let p = Password::parse("correct horse battery").unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }

    #[test]
    fn the_common_password_list_ships_with_rapport() {
        assert!(COMMON.len() > 40_000, "{} passwords", COMMON.len());
        assert!(
            COMMON
                .iter()
                .all(|p| p.chars().count() >= Password::MIN_LEN)
        );
    }

    #[test]
    fn short_passwords_are_refused_with_how_to_fix_it() {
        for short in ["", "short", "password12", "          ", "elevenchars"] {
            let e = Password::parse(short).unwrap_err();
            assert_eq!(e.field, "password");
            assert!(e.reason.contains("at least 12 characters"), "{short:?}");
            assert!(e.reason.contains("unrelated words"), "{}", e.reason);
        }
        assert!(Password::parse(&"ab".repeat(513)).is_err());
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for common in [
            "password1234",
            "Password1234",
            "PASSWORD1234",
            "qwerty123456",
            "1q2w3e4r5t6y",
            "QwertyUiop123",
        ] {
            let e = Password::parse(common).unwrap_err();
            assert!(e.reason.contains("commonly used"), "{common}: {}", e.reason);
        }
    }

    #[test]
    fn one_character_repeated_is_refused() {
        for p in ["            ", "aaaaaaaaaaaa", "111111111111111"] {
            let e = Password::parse(p).unwrap_err();
            assert!(e.reason.contains("repeated"), "{p:?}: {}", e.reason);
        }
    }

    #[test]
    fn long_uncommon_passwords_are_accepted() {
        for good in [
            "correct horse battery",
            "northwind-demo",
            "tea kettle on the moon",
            "Zoë's twelve bikes",
        ] {
            assert!(Password::parse(good).is_ok(), "{good}");
        }
    }
}
