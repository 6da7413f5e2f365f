//! Requests rapport makes to addresses an admin typed (the LRS now; chat and
//! identity providers next) must not turn it into a probe of its own
//! network: loopback, private, link-local (cloud metadata included) and
//! other non-public addresses are refused unless the operator sets
//! `allow_private_targets` (tests, on-premise services).
//!
//! Twice: an address literal (or `localhost`) is refused when the setting
//! is saved, and a name is resolved by [`GuardedResolver`], which refuses
//! one that resolves to such an address when connecting. Redirects are not
//! followed (a redirect could point anywhere).

use rapport_core::InvalidValue;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// Whether rapport refuses to send to this address by default.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => private_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => private_v4(v4),
            None => private_v6(v6),
        },
    }
}

fn private_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local() // 169.254/16, cloud metadata among them
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && ip.octets()[2] == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240 // reserved
}

fn private_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local, fd00:ec2::254 among them
        || (first & 0xffc0) == 0xfe80 // link-local
        || (first == 0x2001 && ip.segments()[1] == 0x0db8) // documentation
        || (first == 0x0064 && ip.segments()[1] == 0xff9b) // NAT64 of any IPv4
}

/// Checks an outbound URL as it is saved: `field` names the setting in the
/// error. Names other than `localhost` are checked when connecting.
pub fn check_url(
    field: &'static str,
    url: &url::Url,
    allow_private: bool,
) -> Result<(), InvalidValue> {
    if allow_private {
        return Ok(());
    }
    let refused = match url.host() {
        Some(url::Host::Ipv4(v4)) => is_private(IpAddr::V4(v4)),
        Some(url::Host::Ipv6(v6)) => is_private(IpAddr::V6(v6)),
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        None => true,
    };
    if refused {
        return Err(InvalidValue::new(
            field,
            "names a loopback, private or link-local address, which rapport does not send to \
             (the operator can allow it with allow_private_targets)",
        ));
    }
    Ok(())
}

/// An HTTP client for outbound calls: guarded names, no redirects, and a
/// total `timeout` (kept below the request deadline by the callers).
pub fn client(allow_private: bool, timeout: Duration) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(5)))
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(Arc::new(GuardedResolver { allow_private }))
        .build()
}

/// The guarded client as `openidconnect`'s HTTP client: discovery, keys
/// and the token exchange with an identity provider go through the same
/// guard (names resolved and checked, no redirects, a total timeout).
#[derive(Debug, Clone)]
pub struct OidcClient(pub reqwest::Client);

impl<'c> openidconnect::AsyncHttpClient<'c> for OidcClient {
    type Error = reqwest::Error;
    type Future = std::pin::Pin<
        Box<
            dyn std::future::Future<Output = Result<openidconnect::HttpResponse, Self::Error>>
                + Send
                + 'c,
        >,
    >;

    fn call(&'c self, request: openidconnect::HttpRequest) -> Self::Future {
        Box::pin(async move {
            let request = reqwest::Request::try_from(request)?;
            let response = self.0.execute(request).await?;
            let mut out = openidconnect::http::Response::builder().status(response.status());
            for (name, value) in response.headers() {
                out = out.header(name, value);
            }
            let body = response.bytes().await?.to_vec();
            // Status and headers came from a valid response: the builder
            // cannot fail on them.
            Ok(out.body(body).unwrap_or_default())
        })
    }
}

/// Resolves with the system's resolver, then drops refused addresses; a
/// name with nothing left is an error that says why.
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| allow_private || !is_private(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(format!(
                    "{host} resolves to no address rapport may send to (loopback, private or link-local addresses are refused)"
                )
                .into());
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

/// A failed outbound call in words, without echoing what the other side
/// said (an admin must not read another service's answers through it).
pub fn failure_words(service: &str, e: &reqwest::Error) -> String {
    if e.is_timeout() {
        format!("{service} did not answer in time")
    } else if e.is_connect() {
        format!("could not connect to {service} (refused, unreachable, or a private address)")
    } else {
        format!("the request to {service} failed")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_loopback_link_local_and_metadata_addresses_are_refused() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "::",
            "fd00:ec2::254",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::7f00:1",
        ] {
            assert!(is_private(a.parse().unwrap()), "{a} must be refused");
        }
        for a in ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"] {
            assert!(!is_private(a.parse().unwrap()), "{a} is public");
        }
    }

    #[test]
    fn a_saved_url_naming_a_private_address_is_refused_unless_allowed() {
        let url = |s: &str| url::Url::parse(s).unwrap();
        for bad in [
            "http://127.0.0.1:8080/xapi",
            "http://[::1]/x",
            "https://10.0.0.1/x",
            "http://169.254.169.254/latest",
            "http://localhost:9000/x",
            "http://LRS.localhost/x",
            "http://2130706433/x", // 127.0.0.1 written as a number
        ] {
            assert!(check_url("endpoint", &url(bad), false).is_err(), "{bad}");
            assert!(
                check_url("endpoint", &url(bad), true).is_ok(),
                "{bad} allowed"
            );
        }
        assert!(check_url("endpoint", &url("https://lrs.example.com/xapi"), false).is_ok());
    }

    #[tokio::test]
    async fn a_name_resolving_to_loopback_is_refused_when_connecting() {
        let guarded = GuardedResolver {
            allow_private: false,
        };
        let name: Name = "localhost".parse().unwrap();
        let err = match guarded.resolve(name).await {
            Ok(_) => panic!("localhost must be refused"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains("no address rapport may send to"), "{err}");
        let open = GuardedResolver {
            allow_private: true,
        };
        let name: Name = "localhost".parse().unwrap();
        assert!(open.resolve(name).await.is_ok());
    }
}
