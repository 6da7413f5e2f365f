//! A test SMTP server: speaks enough real SMTP for a client (greeting,
//! EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT),
//! records each accepted message, and can be told to defer DATA (451) or
//! refuse a recipient (550). No TLS, no AUTH.
//!
//! Also usable by hand: `cargo run -p rapport --example smtp_sink`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A message the sink accepted.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope sender, without the angle brackets.
    pub from: String,
    /// The envelope recipients.
    pub to: Vec<String>,
    /// The message as sent (headers and body), dot-unstuffed, CRLF line
    /// ends, without the final `.` line.
    pub data: String,
}

impl Received {
    /// The value of the first header with this name (unfolded).
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next()?;
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            match &mut value {
                Some(v) if line.starts_with([' ', '\t']) => v.push_str(line),
                Some(_) => break,
                None => {
                    if let Some((n, v)) = line.split_once(':')
                        && n.eq_ignore_ascii_case(name)
                    {
                        value = Some(v.trim_start().to_owned());
                    }
                }
            }
        }
        value
    }
}

#[derive(Default)]
struct Behaviour {
    /// How many of the next DATA commands to answer with 451.
    defer_data: usize,
    /// Recipients to refuse with 550.
    refuse: HashSet<String>,
}

pub struct SmtpSink {
    port: u16,
    messages: Arc<Mutex<Vec<Received>>>,
    behaviour: Arc<Mutex<Behaviour>>,
    count: watch::Receiver<usize>,
    task: JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpSink {
    /// A sink on a free port of 127.0.0.1.
    pub async fn start() -> SmtpSink {
        SmtpSink::start_on("127.0.0.1:0").await
    }

    pub async fn start_on(address: &str) -> SmtpSink {
        let listener = TcpListener::bind(address).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let behaviour = Arc::new(Mutex::new(Behaviour::default()));
        let (counter, count) = watch::channel(0);
        let counter = Arc::new(counter);
        let session = Session {
            messages: messages.clone(),
            behaviour: behaviour.clone(),
            counter,
        };
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let session = session.clone();
                tokio::spawn(async move {
                    // A client that goes away mid-conversation is its business.
                    let _ = session.serve(stream).await;
                });
            }
        });
        SmtpSink {
            port,
            messages,
            behaviour,
            count,
            task,
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The messages accepted so far, oldest first.
    pub fn messages(&self) -> Vec<Received> {
        self.messages.lock().unwrap().clone()
    }

    /// Answers the next `n` DATA commands with `451 4.3.0 try again later`.
    pub fn fail_next(&self, n: usize) {
        self.behaviour.lock().unwrap().defer_data = n;
    }

    /// Answers `RCPT TO:<address>` with `550 5.1.1`, from now on.
    pub fn refuse_recipient(&self, address: &str) {
        let mut b = self.behaviour.lock().unwrap();
        b.refuse.insert(address.to_ascii_lowercase());
    }

    /// Waits until `count` messages were accepted; the messages, or `None`
    /// after `timeout`.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Option<Vec<Received>> {
        let mut rx = self.count.clone();
        tokio::time::timeout(timeout, rx.wait_for(|n| *n >= count))
            .await
            .ok()?
            .ok()?;
        Some(self.messages())
    }
}

#[derive(Clone)]
struct Session {
    messages: Arc<Mutex<Vec<Received>>>,
    behaviour: Arc<Mutex<Behaviour>>,
    counter: Arc<watch::Sender<usize>>,
}

/// The envelope being built by one client.
#[derive(Default)]
struct Envelope {
    from: Option<String>,
    to: Vec<String>,
}

const HOST: &str = "sink.test";

impl Session {
    async fn serve(&self, stream: TcpStream) -> std::io::Result<()> {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read);
        write
            .write_all(format!("220 {HOST} ESMTP rapport test sink\r\n").as_bytes())
            .await?;
        let mut envelope = Envelope::default();
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let command = line.trim_end_matches(['\r', '\n']);
            let verb = command
                .split(' ')
                .next()
                .unwrap_or_default()
                .to_ascii_uppercase();
            let reply = match verb.as_str() {
                "EHLO" => format!(
                    "250-{HOST} greets you\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-PIPELINING\r\n250 SIZE 10485760\r\n"
                ),
                "HELO" => format!("250 {HOST}\r\n"),
                "MAIL" => match path(command, "MAIL FROM:") {
                    Some(from) => {
                        envelope = Envelope {
                            from: Some(from),
                            to: Vec::new(),
                        };
                        "250 2.1.0 OK\r\n".into()
                    }
                    None => "501 5.5.4 syntax: MAIL FROM:<address>\r\n".into(),
                },
                "RCPT" => self.rcpt(&mut envelope, command),
                "DATA" if envelope.from.is_none() || envelope.to.is_empty() => {
                    "503 5.5.1 MAIL and RCPT first\r\n".into()
                }
                "DATA" => {
                    write
                        .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                        .await?;
                    let data = read_data(&mut lines).await?;
                    self.accept(std::mem::take(&mut envelope), data)
                }
                "RSET" => {
                    envelope = Envelope::default();
                    "250 2.0.0 OK\r\n".into()
                }
                "NOOP" => "250 2.0.0 OK\r\n".into(),
                "QUIT" => {
                    write.write_all(b"221 2.0.0 Bye\r\n").await?;
                    return write.shutdown().await;
                }
                _ => "502 5.5.2 command not implemented\r\n".into(),
            };
            write.write_all(reply.as_bytes()).await?;
        }
    }

    fn rcpt(&self, envelope: &mut Envelope, command: &str) -> String {
        if envelope.from.is_none() {
            return "503 5.5.1 MAIL first\r\n".into();
        }
        let Some(to) = path(command, "RCPT TO:") else {
            return "501 5.5.4 syntax: RCPT TO:<address>\r\n".into();
        };
        let refused = self
            .behaviour
            .lock()
            .unwrap()
            .refuse
            .contains(&to.to_ascii_lowercase());
        if refused {
            return format!("550 5.1.1 <{to}>: no such user here\r\n");
        }
        envelope.to.push(to);
        "250 2.1.5 OK\r\n".into()
    }

    /// Records the message, or defers it when told to.
    fn accept(&self, envelope: Envelope, data: String) -> String {
        {
            let mut b = self.behaviour.lock().unwrap();
            if b.defer_data > 0 {
                b.defer_data -= 1;
                return "451 4.3.0 try again later\r\n".into();
            }
        }
        let mut messages = self.messages.lock().unwrap();
        messages.push(Received {
            from: envelope.from.unwrap_or_default(),
            to: envelope.to,
            data,
        });
        self.counter.send_replace(messages.len());
        format!("250 2.0.0 OK queued as {}\r\n", messages.len())
    }
}

/// The address in `MAIL FROM:<a@b> SIZE=…` or `RCPT TO:<a@b>`.
fn path(command: &str, prefix: &str) -> Option<String> {
    let head = command.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = command[prefix.len()..].trim_start();
    let inner = rest.strip_prefix('<')?;
    let end = inner.find('>')?;
    Some(inner[..end].to_owned())
}

/// The DATA lines up to the lone `.`, with leading dots unstuffed.
async fn read_data<R: AsyncBufReadExt + Unpin>(lines: &mut R) -> std::io::Result<String> {
    let mut data = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == ".\r\n" || line == ".\n" {
            return Ok(data);
        }
        data.push_str(line.strip_prefix('.').unwrap_or(&line));
    }
}
