//! A stand-in SMTP server for trying emails by hand: it accepts everything
//! and prints each message. No TLS, no AUTH: point rapport at it with
//! `tls = "none"`.
//!
//! ```sh
//! cargo run -p rapport --example smtp_sink -- 127.0.0.1:2525
//! ```

#![allow(clippy::unwrap_used)] // a tool for people: a panic is the report

#[allow(dead_code)] // the tests use the rest
#[path = "../tests/api/smtp_sink.rs"]
mod smtp_sink;

use std::time::Duration;

#[tokio::main]
async fn main() {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:2525".into());
    let sink = smtp_sink::SmtpSink::start_on(&address).await;
    eprintln!(
        "SMTP sink listening on port {}; Ctrl-C to stop",
        sink.port()
    );
    let mut seen = 0;
    loop {
        let Some(messages) = sink.wait_for(seen + 1, Duration::from_secs(3600)).await else {
            continue;
        };
        for m in &messages[seen..] {
            println!("=== from {} to {}", m.from, m.to.join(", "));
            println!("{}", m.data.replace("\r\n", "\n"));
        }
        seen = messages.len();
    }
}
