//! The mailer against a real SMTP conversation (the test sink): what
//! arrives, and how each kind of failure is reported to the job.

use crate::smtp_sink::{Received, SmtpSink};
use base64::Engine;
use rapport::email::{
    Digest, DigestItem, DigestThanks, Frequency, MailSettings, Mailer, OutgoingEmail, SendError,
    TlsMode,
};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const WAIT: Duration = Duration::from_secs(10);

fn mailer(port: u16) -> Mailer {
    let mut settings =
        MailSettings::new("127.0.0.1", TlsMode::None, "rapport <rapport@example.com>");
    settings.port = Some(port);
    settings.timeout_secs = 1;
    Mailer::new(&settings).unwrap()
}

fn digest(name: &str) -> Digest {
    Digest {
        person_name: name.into(),
        frequency: Frequency::Weekly,
        base_url: "https://rapport.example.com".into(),
        nudges: vec![DigestItem {
            text: "Ask Ana for a small favour".into(),
            link: "/people/ana".into(),
        }],
        waiting: vec![DigestItem {
            text: "Ben is waiting for your answer".into(),
            link: "/delegations/1".into(),
        }],
        thanks: vec![DigestThanks {
            from_name: "Ana".into(),
            message: "Thanks for the review!".into(),
            link: "/thanks".into(),
        }],
        unsubscribe_url: "https://rapport.example.com/unsubscribe/t0k".into(),
        preferences_url: "https://rapport.example.com/me/email".into(),
    }
}

fn email_to(to: &str) -> OutgoingEmail {
    digest("Mo Member").email(to, "digest.2026-W48.p1@rapport.example.com")
}

/// The decoded body of the MIME part of this content type.
pub fn part(message: &Received, content_type: &str) -> String {
    let boundary = message
        .header("Content-Type")
        .and_then(|v| {
            let (_, b) = v.split_once("boundary=")?;
            Some(b.trim_matches('"').to_owned())
        })
        .expect("a multipart message");
    let delimiter = format!("--{boundary}");
    for chunk in message.data.split(delimiter.as_str()) {
        let Some((head, body)) = chunk.split_once("\r\n\r\n") else {
            continue;
        };
        let head = head.to_ascii_lowercase();
        if !head.contains(&format!("content-type: {content_type}")) {
            continue;
        }
        let body = body.trim_end_matches("\r\n");
        if head.contains("content-transfer-encoding: base64") {
            let compact: String = body.split_whitespace().collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .unwrap();
            return String::from_utf8(bytes).unwrap();
        }
        if head.contains("content-transfer-encoding: quoted-printable") {
            return decode_quoted_printable(body);
        }
        return body.to_owned();
    }
    panic!("no {content_type} part in\n{}", message.data);
}

fn decode_quoted_printable(body: &str) -> String {
    let joined = body.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// A digest arrives as one multipart/alternative message with both parts,
/// the one-click unsubscribe headers and the caller's Message-ID.
#[tokio::test]
async fn a_digest_arrives_with_both_parts_and_the_unsubscribe_headers() {
    let sink = SmtpSink::start().await;
    let d = digest("Mo Member");
    let email = d.email("mo@example.com", "digest.2026-W48.p1@rapport.example.com");

    mailer(sink.port()).send(&email).await.unwrap();

    let messages = sink.wait_for(1, WAIT).await.unwrap();
    let m = &messages[0];
    assert_eq!(m.from, "rapport@example.com");
    assert_eq!(m.to, vec!["mo@example.com".to_owned()]);
    assert_eq!(m.header("Subject").unwrap(), d.subject());
    assert_eq!(
        m.header("To").unwrap(),
        "\"Mo Member\" <mo@example.com>".to_owned()
    );
    assert_eq!(
        m.header("From").unwrap(),
        "rapport <rapport@example.com>".to_owned()
    );
    assert_eq!(
        m.header("List-Unsubscribe").unwrap(),
        "<https://rapport.example.com/unsubscribe/t0k>"
    );
    assert_eq!(
        m.header("List-Unsubscribe-Post").unwrap(),
        "List-Unsubscribe=One-Click"
    );
    assert_eq!(
        m.header("Message-ID").unwrap(),
        "<digest.2026-W48.p1@rapport.example.com>"
    );
    assert!(m.header("Date").is_some());
    assert!(
        m.header("Content-Type")
            .unwrap()
            .starts_with("multipart/alternative")
    );
    let (text, html) = d.render();
    let decoded = |content_type| part(m, content_type).replace("\r\n", "\n");
    assert_eq!(decoded("text/plain").trim_end(), text.trim_end());
    assert_eq!(decoded("text/html").trim_end(), html.trim_end());
}

/// A name with HTML-special characters is escaped in the HTML part and
/// left as written in the text part.
#[tokio::test]
async fn html_special_characters_in_a_name_are_escaped_in_the_html_part() {
    let sink = SmtpSink::start().await;
    let email = digest("Mo <b>\"Boss\"</b> & Co").email("mo@example.com", "d.2@example.com");

    mailer(sink.port()).send(&email).await.unwrap();

    let m = &sink.wait_for(1, WAIT).await.unwrap()[0];
    let html = part(m, "text/html");
    assert!(
        html.contains("Hello Mo &#60;b&#62;&#34;Boss&#34;&#60;/b&#62; &#38; Co,"),
        "{html}"
    );
    assert!(!html.contains("<b>"), "{html}");
    assert!(part(m, "text/plain").contains("Hello Mo <b>\"Boss\"</b> & Co,"));
}

/// Sent twice (say, after a lost answer), the message keeps its id, so
/// the second copy is recognisable as the same email.
#[tokio::test]
async fn a_resend_carries_the_same_message_id() {
    let sink = SmtpSink::start().await;
    let mailer = mailer(sink.port());
    let email = email_to("mo@example.com");

    mailer.send(&email).await.unwrap();
    mailer.clone().send(&email).await.unwrap();

    let messages = sink.wait_for(2, WAIT).await.unwrap();
    assert_eq!(
        messages[0].header("Message-ID"),
        messages[1].header("Message-ID")
    );
}

/// A 451 on DATA is transient, nothing is recorded, and the retry goes
/// through.
#[tokio::test]
async fn a_451_is_transient_and_the_retry_goes_through() {
    let sink = SmtpSink::start().await;
    let mailer = mailer(sink.port());
    sink.fail_next(1);

    let err = mailer.send(&email_to("mo@example.com")).await.unwrap_err();
    assert!(err.is_transient(), "{err:?}");
    assert_eq!(err.code(), Some(451));
    assert!(sink.messages().is_empty());

    mailer.send(&email_to("mo@example.com")).await.unwrap();
    assert_eq!(sink.wait_for(1, WAIT).await.unwrap().len(), 1);
}

/// A recipient the server refuses with 550 is a permanent error.
#[tokio::test]
async fn a_550_for_the_recipient_is_permanent() {
    let sink = SmtpSink::start().await;
    sink.refuse_recipient("gone@example.com");

    let err = mailer(sink.port())
        .send(&email_to("gone@example.com"))
        .await
        .unwrap_err();

    assert!(
        matches!(err, SendError::Rejected { code: 550, .. }),
        "{err:?}"
    );
    assert!(err.is_permanent());
    assert!(sink.messages().is_empty());
}

/// Nothing listening on the port: transient, the job tries again later.
#[tokio::test]
async fn a_refused_connection_is_transient() {
    let closed = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap().port()
    };

    let err = mailer(closed)
        .send(&email_to("mo@example.com"))
        .await
        .unwrap_err();

    assert!(matches!(err, SendError::Unavailable(_)), "{err:?}");
    assert!(err.is_transient());
}

/// A server that accepts the connection and then says nothing is given
/// up on after the deadline, as a transient error.
#[tokio::test]
async fn a_silent_server_times_out_as_transient() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let _silent = tokio::spawn(async move {
        let (_stream, _) = listener.accept().await.unwrap();
        tokio::time::sleep(Duration::from_secs(60)).await;
    });

    let err = mailer(port)
        .send(&email_to("mo@example.com"))
        .await
        .unwrap_err();

    assert!(matches!(err, SendError::Unavailable(_)), "{err:?}");
    assert!(err.is_transient());
}

/// A line that starts with a dot survives the trip (stuffed by the
/// client, unstuffed by the sink).
#[tokio::test]
async fn a_leading_dot_survives_the_trip() {
    let sink = SmtpSink::start().await;
    let mut email = email_to("mo@example.com");
    email.text = "first\n.second\n..third\n.".into();

    mailer(sink.port()).send(&email).await.unwrap();

    let m = &sink.wait_for(1, WAIT).await.unwrap()[0];
    assert_eq!(part(m, "text/plain"), "first\r\n.second\r\n..third\r\n.");
}

/// The sink speaks the protocol a client expects, in order.
#[tokio::test]
async fn the_sink_answers_each_command() {
    let sink = SmtpSink::start().await;
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", sink.port()))
        .await
        .unwrap();
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let mut reply = async |command: &str| {
        if !command.is_empty() {
            write.write_all(command.as_bytes()).await.unwrap();
        }
        let mut all = String::new();
        loop {
            let mut line = String::new();
            read.read_line(&mut line).await.unwrap();
            all.push_str(&line);
            if line.as_bytes().get(3) != Some(&b'-') {
                return all;
            }
        }
    };
    assert!(reply("").await.starts_with("220 "));
    assert!(
        reply("EHLO me\r\n")
            .await
            .ends_with("250 SIZE 10485760\r\n")
    );
    assert!(reply("HELO me\r\n").await.starts_with("250 "));
    assert!(reply("DATA\r\n").await.starts_with("503 "));
    assert!(
        reply("MAIL FROM:<a@example.com>\r\n")
            .await
            .starts_with("250 ")
    );
    assert!(
        reply("RCPT TO:<b@example.com>\r\n")
            .await
            .starts_with("250 ")
    );
    assert!(reply("RSET\r\n").await.starts_with("250 "));
    assert!(reply("DATA\r\n").await.starts_with("503 "));
    assert!(reply("NOOP\r\n").await.starts_with("250 "));
    assert!(
        reply("MAIL FROM:<a@example.com>\r\n")
            .await
            .starts_with("250 ")
    );
    assert!(
        reply("RCPT TO:<b@example.com>\r\n")
            .await
            .starts_with("250 ")
    );
    assert!(reply("DATA\r\n").await.starts_with("354 "));
    assert!(
        reply("Subject: hi\r\n\r\n..dot\r\n.\r\n")
            .await
            .starts_with("250 ")
    );
    assert!(reply("VRFY b\r\n").await.starts_with("502 "));
    assert!(reply("QUIT\r\n").await.starts_with("221 "));
    let m = &sink.wait_for(1, WAIT).await.unwrap()[0];
    assert_eq!(
        (m.from.as_str(), m.to.as_slice(), m.data.as_str()),
        (
            "a@example.com",
            &["b@example.com".to_owned()][..],
            "Subject: hi\r\n\r\n.dot\r\n"
        )
    );
}

/// Required STARTTLS against a server that does not offer it fails
/// without sending anything in clear, and implicit TLS against a plain
/// server fails its handshake: both transient (the settings or the server
/// get fixed while the message waits).
#[tokio::test]
async fn tls_that_cannot_be_had_is_never_downgraded() {
    let sink = SmtpSink::start().await;
    for tls in [TlsMode::StartTls, TlsMode::Tls] {
        let mut settings = MailSettings::new("127.0.0.1", tls, "rapport@example.com");
        settings.port = Some(sink.port());
        settings.timeout_secs = 1;

        let err = Mailer::new(&settings)
            .unwrap()
            .send(&email_to("mo@example.com"))
            .await
            .unwrap_err();

        assert!(matches!(err, SendError::Unavailable(_)), "{tls:?}: {err:?}");
    }
    assert!(sink.messages().is_empty());
}
