//! The mailer: one message, one SMTP conversation, and an error that says
//! whether trying again later can help.

use super::{MailSettings, SettingsError, TlsMode};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;

/// One email, ready to send. Its text comes from a template such as
/// [`super::Digest`], never from what someone wrote about a miss, a
/// dispute or a check-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// The recipient's address, `mo@example.com`.
    pub to: String,
    /// The recipient's name for the `To` header; empty for none.
    pub to_name: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// An `https://` link that unsubscribes with one `POST` (RFC 8058).
    pub unsubscribe_url: String,
    /// A stable id such as `digest.2026-W48.<person id>@rapport.example.com`
    /// (angle brackets optional): the same email sent again carries the
    /// same id, so a resend after a lost answer is recognisable.
    pub message_id: String,
}

/// Why an email was not sent. [`SendError::is_transient`] tells the job
/// whether to try again later (with backoff) or give up on this message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The message cannot be built: a malformed address, Message-ID or
    /// link. Permanent: it would be malformed the next time too.
    #[error("the email is malformed: {0}")]
    Malformed(String),
    /// A 5xx answer: the server will not take this message, typically a
    /// recipient that does not exist. Permanent.
    #[error("refused by the mail server ({code}): {detail}")]
    Rejected { code: u16, detail: String },
    /// A 4xx answer: the server asks to try again later. Transient.
    #[error("deferred by the mail server ({code}): {detail}")]
    Deferred { code: u16, detail: String },
    /// No usable conversation: connection refused, a timeout, TLS, a
    /// refused password (a 5xx, but about our settings, not the message),
    /// a server that speaks something else. Transient: the server or the
    /// settings can be fixed while the message waits.
    #[error("the mail server is unavailable: {0}")]
    Unavailable(String),
}

impl SendError {
    /// True when the same message may go through later.
    pub fn is_transient(&self) -> bool {
        matches!(self, SendError::Deferred { .. } | SendError::Unavailable(_))
    }

    /// True when retrying this message cannot help.
    pub fn is_permanent(&self) -> bool {
        !self.is_transient()
    }

    /// The SMTP reply code, when the server gave one.
    pub fn code(&self) -> Option<u16> {
        match self {
            SendError::Rejected { code, .. } | SendError::Deferred { code, .. } => Some(*code),
            _ => None,
        }
    }
}

/// Sends email over SMTP. Cheap to clone: the transport sits behind an
/// `Arc`. Each message gets its own connection (no pool), so a send cut
/// short by the timeout never leaves a half-finished conversation behind
/// for the next one.
#[derive(Clone)]
pub struct Mailer {
    inner: Arc<Inner>,
}

struct Inner {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Limit on the whole conversation, connect to `QUIT`.
    deadline: Duration,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.inner.from.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// Checks the settings and prepares the transport; connects only when
    /// sending.
    pub fn new(settings: &MailSettings) -> Result<Mailer, SettingsError> {
        let from = settings.sender()?;
        let host = settings.host.trim();
        let timeout = Duration::from_secs(settings.timeout_secs);
        let tls = |host: &str| {
            TlsParameters::new(host.to_owned()).map_err(|e| SettingsError::Tls(e.to_string()))
        };
        let tls = match settings.tls {
            TlsMode::None => Tls::None,
            TlsMode::StartTls => Tls::Required(tls(host)?),
            TlsMode::Tls => Tls::Wrapper(tls(host)?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(settings.port())
            .tls(tls)
            // lettre applies this to connecting only; `deadline` covers the rest.
            .timeout(Some(timeout));
        if let (Some(user), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer {
            inner: Arc::new(Inner {
                transport: builder.build(),
                from,
                deadline: 2 * timeout,
            }),
        })
    }

    /// Sends one email: connect, hand it over, `QUIT`.
    #[tracing::instrument(skip_all, fields(message_id = %msg.message_id))]
    pub async fn send(&self, msg: &OutgoingEmail) -> Result<(), SendError> {
        let message = build_message(&self.inner.from, msg)?;
        let sending = self.inner.transport.send(message);
        let result = match tokio::time::timeout(self.inner.deadline, sending).await {
            Err(_) => Err(SendError::Unavailable(format!(
                "no answer within {} s",
                self.inner.deadline.as_secs()
            ))),
            Ok(Err(e)) => Err(classify(&e)),
            Ok(Ok(_)) => Ok(()),
        };
        if let Err(e) = &result {
            tracing::warn!(error = %e, transient = e.is_transient(), "email not sent");
        }
        result
    }
}

/// Sorts lettre's error into what the job needs to know.
fn classify(e: &lettre::transport::smtp::Error) -> SendError {
    let detail = e.to_string();
    match e.status().map(u16::from) {
        // Authentication required or refused: our settings, not this message.
        Some(code @ (530 | 534 | 535 | 538)) => {
            SendError::Unavailable(format!("authentication failed ({code}): {detail}"))
        }
        Some(code) if e.is_permanent() => SendError::Rejected { code, detail },
        Some(code) => SendError::Deferred { code, detail },
        None => SendError::Unavailable(detail),
    }
}

const LIST_UNSUBSCRIBE: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe");
const LIST_UNSUBSCRIBE_POST: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe-Post");
const AUTO_SUBMITTED: HeaderName = HeaderName::new_from_ascii_str("Auto-Submitted");

/// The MIME message: `multipart/alternative` (text, then HTML), with the
/// one-click unsubscribe headers of RFC 8058, the caller's Message-ID and
/// the date. `Auto-Submitted` (RFC 3834) keeps vacation replies away.
pub(crate) fn build_message(from: &Mailbox, msg: &OutgoingEmail) -> Result<Message, SendError> {
    let address: Address =
        msg.to.trim().parse().map_err(|_| {
            SendError::Malformed(format!("recipient {:?} is not an address", msg.to))
        })?;
    let name = Some(one_line(&msg.to_name)).filter(|n| !n.is_empty());
    let unsubscribe = unsubscribe_url(&msg.unsubscribe_url)?;
    Message::builder()
        .from(from.clone())
        .to(Mailbox::new(name, address))
        .subject(one_line(&msg.subject))
        .message_id(Some(message_id(&msg.message_id)?))
        .date_now()
        .raw_header(HeaderValue::new(
            LIST_UNSUBSCRIBE,
            format!("<{unsubscribe}>"),
        ))
        .raw_header(HeaderValue::new(
            LIST_UNSUBSCRIBE_POST,
            "List-Unsubscribe=One-Click".into(),
        ))
        .raw_header(HeaderValue::new(AUTO_SUBMITTED, "auto-generated".into()))
        .multipart(MultiPart::alternative_plain_html(
            msg.text.clone(),
            msg.html.clone(),
        ))
        .map_err(|e| SendError::Malformed(e.to_string()))
}

/// A header's text on one line: control characters (a line break that
/// would start a new header, and which lettre refuses in a name by
/// panicking) become spaces.
fn one_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `<left@right>`, from an id given with or without the brackets.
fn message_id(id: &str) -> Result<String, SendError> {
    let bare = id.trim().trim_start_matches('<').trim_end_matches('>');
    let well_formed = bare
        .split_once('@')
        .is_some_and(|(left, right)| !left.is_empty() && !right.is_empty() && !right.contains('@'))
        && bare
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'<' | b'>' | b'"' | b'\\'));
    if well_formed {
        Ok(format!("<{bare}>"))
    } else {
        Err(SendError::Malformed(format!(
            "Message-ID {id:?} is not of the form left@right"
        )))
    }
}

/// An absolute `http(s)` URL, normalised (percent-encoded, so ASCII).
fn unsubscribe_url(raw: &str) -> Result<String, SendError> {
    match url::Url::parse(raw.trim()) {
        Ok(url) if matches!(url.scheme(), "https" | "http") => Ok(url.into()),
        _ => Err(SendError::Malformed(format!(
            "unsubscribe link {raw:?} is not an http(s) URL"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> OutgoingEmail {
        OutgoingEmail {
            to: "mo@example.com".into(),
            to_name: "Mo Member".into(),
            subject: "Your week".into(),
            text: "Hello".into(),
            html: "<p>Hello</p>".into(),
            unsubscribe_url: "https://rapport.example.com/unsubscribe/abc".into(),
            message_id: "digest.1@rapport.example.com".into(),
        }
    }

    fn formatted(msg: &OutgoingEmail) -> Result<String, SendError> {
        let from: Mailbox = "rapport <rapport@example.com>".parse().unwrap();
        build_message(&from, msg).map(|m| String::from_utf8(m.formatted()).unwrap())
    }

    /// The headers a mailbox provider looks for are all there.
    #[test]
    fn the_message_carries_unsubscribe_id_and_date() {
        let raw = formatted(&email()).unwrap();
        for header in [
            "List-Unsubscribe: <https://rapport.example.com/unsubscribe/abc>\r\n",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
            "Message-ID: <digest.1@rapport.example.com>\r\n",
            "To: \"Mo Member\" <mo@example.com>\r\n",
            "Auto-Submitted: auto-generated\r\n",
            "Content-Type: multipart/alternative;",
        ] {
            assert!(raw.contains(header), "{header:?} missing in\n{raw}");
        }
        assert!(raw.contains("\r\nDate: "));
    }

    /// Brackets or not, the id comes out the same.
    #[test]
    fn message_ids_are_normalised_and_checked() {
        assert_eq!(message_id("<a.b@c>").unwrap(), "<a.b@c>");
        assert_eq!(message_id(" a.b@c ").unwrap(), "<a.b@c>");
        for bad in [
            "",
            "no-at-sign",
            "@c",
            "a@",
            "a b@c",
            "a@b@c",
            "a\r\nBcc: x@y",
        ] {
            assert!(message_id(bad).is_err(), "{bad:?} accepted");
        }
    }

    /// What cannot be sent is refused before connecting, for good.
    #[test]
    fn malformed_parts_are_permanent_errors() {
        let cases: [&dyn Fn(&mut OutgoingEmail); 3] = [
            &|m| m.to = "not an address".into(),
            &|m| m.unsubscribe_url = "javascript:alert(1)".into(),
            &|m| m.message_id = "nope".into(),
        ];
        for case in cases {
            let mut m = email();
            case(&mut m);
            let err = formatted(&m).unwrap_err();
            assert!(matches!(err, SendError::Malformed(_)) && err.is_permanent());
        }
    }

    /// A line break in the subject or the name cannot add a header.
    #[test]
    fn line_breaks_cannot_inject_headers() {
        let mut m = email();
        m.subject = "Hi\r\nBcc: eve@example.com".into();
        m.to_name = "Mo\r\nBcc: eve@example.com".into();
        let raw = formatted(&m).unwrap();
        assert!(!raw.contains("\r\nBcc:"), "{raw}");
        let to = raw.lines().find(|l| l.starts_with("To: ")).unwrap();
        assert!(to.ends_with(" <mo@example.com>"), "{to}");
    }

    /// Building the mailer does not connect, and checks the settings.
    #[test]
    fn a_mailer_is_built_without_connecting() {
        let ok = MailSettings::new("smtp.example.com", TlsMode::StartTls, "r@example.com");
        assert!(Mailer::new(&ok).is_ok());
        let bad = MailSettings::new("smtp.example.com", TlsMode::Tls, "nobody");
        assert!(matches!(Mailer::new(&bad), Err(SettingsError::From(_))));
    }

    /// The job's retry decision, variant by variant.
    #[test]
    fn only_deferrals_and_outages_are_transient() {
        let d = |code| SendError::Deferred {
            code,
            detail: String::new(),
        };
        assert!(d(451).is_transient());
        assert!(SendError::Unavailable("refused".into()).is_transient());
        assert!(
            SendError::Rejected {
                code: 550,
                detail: String::new()
            }
            .is_permanent()
        );
        assert_eq!(d(451).code(), Some(451));
    }
}
