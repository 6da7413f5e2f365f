//! Email: the SMTP settings, the mailer that sends one message, and the
//! digest that says what to send.
//!
//! The layers, from the outside in:
//!
//! - [`MailSettings`] is the `[email]` table of the TOML configuration,
//!   checked once by [`MailSettings::validate`] (and again by
//!   [`Mailer::new`], which keeps the parsed sender);
//! - [`Mailer`] (cheap to clone) sends an [`OutgoingEmail`] over SMTP and
//!   answers with a [`SendError`] that tells the job whether to retry;
//! - [`Digest`] is plain data in, text and HTML out: it knows nothing of
//!   SMTP, and an [`OutgoingEmail`] is made from it with [`Digest::email`].
//!
//! Privacy: an email never carries the free text of a miss, a dispute or a
//! check-in; it links to the page. See [`digest`].

pub mod digest;
pub mod smtp;

pub use digest::{Digest, DigestItem, DigestThanks, Frequency};
pub use smtp::{Mailer, OutgoingEmail, SendError};

use lettre::message::Mailbox;
use serde::Deserialize;
use std::fmt;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    /// Plain text. Only for a relay on the same machine or in tests: a
    /// password is refused unless the host is a loopback address.
    None,
    /// Plain text upgraded with `STARTTLS`, which is required (no silent
    /// fall-back to plain text). Port 587 by default.
    #[default]
    StartTls,
    /// Implicit TLS from the first byte ("SMTPS"). Port 465 by default.
    Tls,
}

impl TlsMode {
    /// The port this mode usually runs on.
    pub fn default_port(self) -> u16 {
        match self {
            TlsMode::None => 25,
            TlsMode::StartTls => 587,
            TlsMode::Tls => 465,
        }
    }
}

/// Default seconds for connecting and for the whole conversation.
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;

/// The `[email]` table of the configuration file:
///
/// ```toml
/// [email]
/// host = "smtp.example.com"
/// tls = "starttls"          # "none" | "starttls" (default) | "tls"
/// port = 587                # default: 25, 587 or 465 by `tls`
/// username = "rapport"
/// password = "…"
/// from = "rapport <rapport@example.com>"
/// timeout_secs = 30
/// ```
///
/// `Debug` never shows the password.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    pub host: String,
    /// `None`: the usual port for `tls`.
    #[serde(default)]
    pub port: Option<u16>,
    #[serde(default)]
    pub tls: TlsMode,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    /// The sender, a mailbox such as `rapport <rapport@example.com>`.
    pub from: String,
    /// Limit on connecting, and on sending one message from connect to
    /// `QUIT`; past it the send is a transient error.
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: u64,
}

fn default_timeout_secs() -> u64 {
    DEFAULT_TIMEOUT_SECS
}

impl fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailSettings")
            .field("host", &self.host)
            .field("port", &self.port())
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "[hidden]"))
            .field("from", &self.from)
            .field("timeout_secs", &self.timeout_secs)
            .finish()
    }
}

/// What is wrong with the `[email]` settings, in words for the operator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("email.host is empty or contains spaces: {0:?}")]
    Host(String),
    #[error("email.port must be between 1 and 65535")]
    Port,
    #[error("email.from {0:?} is not a mailbox such as \"rapport <rapport@example.com>\"")]
    From(String),
    #[error("email.username and email.password must be given together")]
    HalfCredentials,
    #[error(
        "email.tls = \"none\" would send the password in clear text to {0}; use \"starttls\" or \"tls\""
    )]
    CleartextPassword(String),
    #[error("email.timeout_secs must be between 1 and 600")]
    Timeout,
    #[error("email: TLS cannot be set up: {0}")]
    Tls(String),
}

impl MailSettings {
    /// Settings for a server without a password, such as a local relay.
    pub fn new(host: impl Into<String>, tls: TlsMode, from: impl Into<String>) -> Self {
        MailSettings {
            host: host.into(),
            port: None,
            tls,
            username: None,
            password: None,
            from: from.into(),
            timeout_secs: DEFAULT_TIMEOUT_SECS,
        }
    }

    /// The port to connect to: the configured one or the mode's usual one.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or_else(|| self.tls.default_port())
    }

    /// Checks everything that can be checked without connecting.
    pub fn validate(&self) -> Result<(), SettingsError> {
        self.sender().map(|_| ())
    }

    /// Validates, and returns the parsed sender.
    pub(crate) fn sender(&self) -> Result<Mailbox, SettingsError> {
        let host = self.host.trim();
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(SettingsError::Host(self.host.clone()));
        }
        if self.port == Some(0) {
            return Err(SettingsError::Port);
        }
        if !(1..=600).contains(&self.timeout_secs) {
            return Err(SettingsError::Timeout);
        }
        match (&self.username, &self.password) {
            (Some(_), None) | (None, Some(_)) => return Err(SettingsError::HalfCredentials),
            (Some(_), Some(_)) if self.tls == TlsMode::None && !is_loopback(host) => {
                return Err(SettingsError::CleartextPassword(host.to_owned()));
            }
            _ => {}
        }
        self.from
            .parse::<Mailbox>()
            .map_err(|_| SettingsError::From(self.from.clone()))
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(toml_text: &str) -> MailSettings {
        toml::from_str(toml_text).expect("valid TOML for MailSettings")
    }

    /// The `[email]` table reads with defaults for everything optional.
    #[test]
    fn a_minimal_table_gets_starttls_on_587() {
        let s = parse("host = \"smtp.example.com\"\nfrom = \"rapport <r@example.com>\"");
        assert_eq!(s.tls, TlsMode::StartTls);
        assert_eq!(s.port(), 587);
        assert_eq!(s.timeout_secs, DEFAULT_TIMEOUT_SECS);
        assert_eq!(s.validate(), Ok(()));
    }

    /// Each TLS mode is spelled as the operator would write it.
    #[test]
    fn tls_modes_are_lowercase_words() {
        for (word, mode, port) in [
            ("none", TlsMode::None, 25),
            ("starttls", TlsMode::StartTls, 587),
            ("tls", TlsMode::Tls, 465),
        ] {
            let s = parse(&format!(
                "host = \"h\"\nfrom = \"r@example.com\"\ntls = \"{word}\""
            ));
            assert_eq!((s.tls, s.port()), (mode, port));
        }
    }

    /// A typo is reported rather than ignored.
    #[test]
    fn unknown_keys_are_refused() {
        let r: Result<MailSettings, _> =
            toml::from_str("host = \"h\"\nfrom = \"r@example.com\"\npasword = \"x\"");
        assert!(r.is_err());
    }

    /// Each mistake gets its own message.
    #[test]
    fn validation_names_the_problem() {
        let ok = MailSettings::new("smtp.example.com", TlsMode::Tls, "r@example.com");
        let with = |f: &dyn Fn(&mut MailSettings)| {
            let mut s = ok.clone();
            f(&mut s);
            s.validate()
        };
        assert_eq!(
            with(&|s| s.host = " ".into()),
            Err(SettingsError::Host(" ".into()))
        );
        assert_eq!(with(&|s| s.port = Some(0)), Err(SettingsError::Port));
        assert_eq!(with(&|s| s.timeout_secs = 0), Err(SettingsError::Timeout));
        assert_eq!(
            with(&|s| s.from = "not an address".into()),
            Err(SettingsError::From("not an address".into()))
        );
        assert_eq!(
            with(&|s| s.username = Some("u".into())),
            Err(SettingsError::HalfCredentials)
        );
        assert_eq!(
            with(&|s| {
                s.tls = TlsMode::None;
                s.username = Some("u".into());
                s.password = Some("p".into());
            }),
            Err(SettingsError::CleartextPassword("smtp.example.com".into()))
        );
        assert_eq!(
            with(&|s| {
                s.host = "127.0.0.1".into();
                s.tls = TlsMode::None;
                s.username = Some("u".into());
                s.password = Some("p".into());
            }),
            Ok(())
        );
    }

    /// The password never reaches a log line.
    #[test]
    fn debug_hides_the_password() {
        let mut s = MailSettings::new("h", TlsMode::Tls, "r@example.com");
        s.username = Some("u".into());
        s.password = Some("hunter2".into());
        assert!(!format!("{s:?}").contains("hunter2"));
    }
}
