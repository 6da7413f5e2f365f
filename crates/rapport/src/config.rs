//! Configuration: command-line flags, then `RAPPORT_*` environment variables,
//! then an optional TOML file (`--config` / `RAPPORT_CONFIG`), then defaults.
//! clap resolves flags and environment variables; the file fills what is
//! still unset. Secrets (the database password) are never printed.

use serde::Deserialize;
use std::path::Path;

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://rapport.db?mode=rwc";

/// Settings of a running server.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: String,
    pub database_url: String,
    /// The address people reach rapport at (used in invitation links and to
    /// decide whether cookies are `Secure`). Defaults to `http://{bind}`.
    pub public_url: String,
    /// Whether `public_url` was set by the operator (not derived from
    /// `bind`): then it, not the request's `Host`, is the site's origin.
    pub public_url_set: bool,
    /// Proxies whose `X-Forwarded-For` / `Forwarded` headers are believed:
    /// the client's address comes from them only when the connection does.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Outbound requests (the LRS) may reach loopback, private, link-local
    /// and metadata addresses. Off by default: an admin's setting must not
    /// turn rapport into a probe of its own network.
    pub allow_private_targets: bool,
    /// How long a client may take to send a request's headers.
    pub header_read_timeout_secs: u64,
    /// Connections served at once; more wait in the kernel's queue.
    pub max_connections: usize,
    /// Sign-in attempts allowed per client address, and per account, in
    /// each window of `rate_limit_window_secs`.
    pub sign_in_per_client: i64,
    pub sign_in_per_account: i64,
    pub rate_limit_window_secs: i64,
    /// The step by which an unknown client's failed sign-ins are slowed
    /// after the first few (capped at 3 s an answer).
    pub sign_in_delay_ms: u64,
    /// How long an invitation link works.
    pub invitation_days: i64,
    pub session_days: i64,
    pub request_timeout_secs: u64,
    /// How long both people have to answer a check-in.
    pub check_in_window_days: i64,
    /// The most distinct nudges a person is shown in a week.
    pub nudges_per_week: usize,
    /// Days between introduction rounds.
    pub introductions_every_days: i64,
    /// The outgoing mail server for digests; none means no email is sent.
    pub email: Option<crate::email::MailSettings>,
    /// The local hour (0–23) from which a person's digest is sent.
    pub digest_hour: u32,
    /// A directory of extra courses (one subdirectory per course), loaded
    /// beside the built-in one and reloaded on an admin's request.
    pub content_dir: Option<std::path::PathBuf>,
    /// Run the background jobs (reminders, digests, introductions, xAPI)
    /// in this instance. Several instances may all run them: each job is
    /// claimed in the database.
    pub background_jobs: bool,
    /// `[slack] api_base`: Slack's Web API (tests point it at a stand-in).
    pub slack_api_base: String,
}

/// Slack's Web API, where `chat.postMessage` and the others live.
pub const SLACK_API_BASE: &str = "https://slack.com/api";

/// The `[slack]` table of the file.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlackFileConfig {
    pub api_base: Option<String>,
}

impl Config {
    pub fn new(bind: String, database_url: String) -> Self {
        let public_url = format!("http://{bind}");
        Config {
            bind,
            database_url,
            public_url,
            public_url_set: false,
            trusted_proxies: Vec::new(),
            allow_private_targets: false,
            header_read_timeout_secs: 10,
            max_connections: 1024,
            sign_in_per_client: 30,
            sign_in_per_account: 10,
            rate_limit_window_secs: 15 * 60,
            sign_in_delay_ms: 500,
            invitation_days: 7,
            session_days: 30,
            request_timeout_secs: 30,
            check_in_window_days: rapport_core::checkin::DEFAULT_WINDOW_DAYS,
            nudges_per_week: rapport_core::nudges::DEFAULT_WEEKLY_LIMIT,
            introductions_every_days: 7,
            email: None,
            digest_hour: 8,
            content_dir: None,
            background_jobs: true,
            slack_api_base: SLACK_API_BASE.into(),
        }
    }

    /// Checks the settings that can be wrong, naming the key to fix.
    pub fn validate(&self) -> anyhow::Result<()> {
        if !(1..=90).contains(&self.check_in_window_days) {
            anyhow::bail!(
                "check_in_window_days must be 1 to 90, found {}",
                self.check_in_window_days
            );
        }
        if !(1..=20).contains(&self.nudges_per_week) {
            anyhow::bail!(
                "nudges_per_week must be 1 to 20, found {}",
                self.nudges_per_week
            );
        }
        if !(1..=365).contains(&self.introductions_every_days) {
            anyhow::bail!(
                "introductions_every_days must be 1 to 365, found {}",
                self.introductions_every_days
            );
        }
        if !(1..=30).contains(&self.header_read_timeout_secs) {
            anyhow::bail!(
                "header_read_timeout_secs must be 1 to 30, found {}",
                self.header_read_timeout_secs
            );
        }
        if !(1..=100_000).contains(&self.max_connections) {
            anyhow::bail!(
                "max_connections must be 1 to 100000, found {}",
                self.max_connections
            );
        }
        if self.digest_hour > 23 {
            anyhow::bail!("digest_hour must be 0 to 23, found {}", self.digest_hour);
        }
        if let Some(e) = &self.email {
            e.validate()
                .map_err(|err| anyhow::anyhow!("[email]: {err}"))?;
        }
        Ok(())
    }

    /// True when people reach rapport over HTTPS, so cookies may be `Secure`.
    pub fn served_over_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// The TOML file's shape: every key optional, unknown keys refused so that
/// a typo is reported instead of silently ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub bind: Option<String>,
    pub database_url: Option<String>,
    pub public_url: Option<String>,
    /// Addresses or CIDR ranges (`"10.0.0.0/8"`, `"::1"`).
    pub trusted_proxies: Option<Vec<String>>,
    pub allow_private_targets: Option<bool>,
    pub header_read_timeout_secs: Option<u64>,
    pub max_connections: Option<usize>,
    pub log_format: Option<String>,
    pub sign_in_per_client: Option<i64>,
    pub sign_in_per_account: Option<i64>,
    pub invitation_days: Option<i64>,
    pub check_in_window_days: Option<i64>,
    pub nudges_per_week: Option<usize>,
    pub introductions_every_days: Option<i64>,
    pub digest_hour: Option<u32>,
    pub content_dir: Option<std::path::PathBuf>,
    pub background_jobs: Option<bool>,
    /// `[email]`: host, port, tls (none, starttls, tls), username,
    /// password, from, timeout_secs.
    pub email: Option<crate::email::MailSettings>,
    /// `[slack]`: api_base.
    pub slack: Option<SlackFileConfig>,
}

impl FileConfig {
    pub fn load(path: Option<&Path>) -> anyhow::Result<FileConfig> {
        let Some(path) = path else {
            return Ok(FileConfig::default());
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read config file {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| anyhow::anyhow!("config file {}: {e}", path.display()))
    }

    /// Fills what flags and the environment left unset; a value that cannot
    /// be right (an address that does not parse) names its key.
    pub fn apply(
        &self,
        bind: Option<String>,
        database_url: Option<String>,
    ) -> anyhow::Result<Config> {
        let bind = bind
            .or_else(|| self.bind.clone())
            .unwrap_or_else(|| DEFAULT_BIND.into());
        let db = database_url
            .or_else(|| self.database_url.clone())
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
        let mut c = Config::new(bind, db);
        if let Some(u) = &self.public_url {
            c.public_url = u.trim_end_matches('/').to_string();
            c.public_url_set = true;
        }
        if let Some(list) = &self.trusted_proxies {
            c.trusted_proxies = list
                .iter()
                .map(|s| parse_network(s))
                .collect::<anyhow::Result<_>>()?;
        }
        if let Some(b) = self.allow_private_targets {
            c.allow_private_targets = b;
        }
        if let Some(n) = self.header_read_timeout_secs {
            c.header_read_timeout_secs = n;
        }
        if let Some(n) = self.max_connections {
            c.max_connections = n;
        }
        if let Some(n) = self.sign_in_per_client {
            c.sign_in_per_client = n;
        }
        if let Some(n) = self.sign_in_per_account {
            c.sign_in_per_account = n;
        }
        if let Some(n) = self.invitation_days {
            c.invitation_days = n;
        }
        if let Some(n) = self.check_in_window_days {
            c.check_in_window_days = n;
        }
        if let Some(n) = self.nudges_per_week {
            c.nudges_per_week = n;
        }
        if let Some(n) = self.introductions_every_days {
            c.introductions_every_days = n;
        }
        if let Some(n) = self.digest_hour {
            c.digest_hour = n;
        }
        c.email = self.email.clone();
        c.content_dir = self.content_dir.clone();
        if let Some(b) = self.background_jobs {
            c.background_jobs = b;
        }
        if let Some(base) = self.slack.as_ref().and_then(|s| s.api_base.as_deref()) {
            let parsed = url::Url::parse(base)
                .map_err(|_| anyhow::anyhow!("[slack] api_base: {base:?} is not a URL"))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                anyhow::bail!("[slack] api_base: {base:?} must start with https://");
            }
            c.slack_api_base = base.trim_end_matches('/').to_string();
        }
        Ok(c)
    }
}

/// An address (`10.0.0.1`, `::1`) or a range (`10.0.0.0/8`).
pub fn parse_network(s: &str) -> anyhow::Result<ipnet::IpNet> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| {
            anyhow::anyhow!(
                "trusted_proxies: {s:?} is not an address or a range like \"10.0.0.0/8\""
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Flags win over the file, and the file wins over the defaults.
    #[test]
    fn flags_win_over_the_file_and_the_file_over_defaults() {
        let file: FileConfig =
            toml::from_str("bind = \"0.0.0.0:9000\"\ndatabase_url = \"sqlite://x.db\"").unwrap();
        let c = file.apply(Some("127.0.0.1:1".into()), None).unwrap();
        assert_eq!(c.bind, "127.0.0.1:1");
        assert_eq!(c.database_url, "sqlite://x.db");
        let d = FileConfig::default().apply(None, None).unwrap();
        assert_eq!(d.bind, DEFAULT_BIND);
    }

    /// Proxies are addresses or ranges; anything else names the key.
    #[test]
    fn trusted_proxies_are_addresses_or_ranges() {
        let file: FileConfig =
            toml::from_str("trusted_proxies = [\"10.0.0.0/8\", \"::1\", \"192.0.2.7\"]").unwrap();
        let c = file.apply(None, None).unwrap();
        assert_eq!(c.trusted_proxies.len(), 3);
        assert!(c.trusted_proxies[0].contains(&"10.1.2.3".parse::<std::net::IpAddr>().unwrap()));
        let bad: FileConfig = toml::from_str("trusted_proxies = [\"proxy.local\"]").unwrap();
        let err = bad.apply(None, None).unwrap_err().to_string();
        assert!(
            err.contains("trusted_proxies") && err.contains("proxy.local"),
            "{err}"
        );
    }

    /// A misspelt key in the file is an error, not silently ignored.
    #[test]
    fn an_unknown_key_in_the_file_is_an_error() {
        assert!(toml::from_str::<FileConfig>("bnd = \"x\"").is_err());
    }
}
