//! The address of the client a request came from, for the HTTP adapters.
//!
//! The connection's peer, unless that peer is a proxy the operator listed
//! in `trusted_proxies`: then the forwarding headers it added are read from
//! the nearest hop outwards, and the first address that is not itself a
//! trusted proxy is the client. Headers from anyone else are ignored, so a
//! client cannot choose its own address (and with it a fresh sign-in
//! budget).

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::{HeaderMap, request::Parts};
use ipnet::IpNet;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The client's address, as [`client_address`] finds it.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        Ok(ClientIp(client_address(
            peer,
            &parts.headers,
            &state.config.trusted_proxies,
        )))
    }
}

/// Whether the request came through a proxy the operator trusts.
pub fn from_trusted_proxy(peer: IpAddr, trusted: &[IpNet]) -> bool {
    let peer = canonical(peer);
    trusted.iter().any(|n| n.contains(&peer))
}

/// The client's address: `peer` itself unless it is a trusted proxy; then
/// the forwarding chain (`Forwarded`, else `X-Forwarded-For`) read from the
/// right. A hop that does not parse ends the walk at the last trusted one.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let peer = canonical(peer);
    if !from_trusted_proxy(peer, trusted) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarding_chain(headers).iter().rev() {
        let Some(addr) = hop.as_deref().and_then(parse_hop) else {
            break;
        };
        client = addr;
        if !from_trusted_proxy(addr, trusted) {
            break;
        }
    }
    client
}

/// The hops, client first, from `Forwarded: for=…` (RFC 7239) when present,
/// otherwise from `X-Forwarded-For`. `None` marks a hop without an address.
fn forwarding_chain(headers: &HeaderMap) -> Vec<Option<String>> {
    let joined = |name: &str| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(",")
    };
    let forwarded = joined("forwarded");
    if !forwarded.trim().is_empty() {
        return forwarded
            .split(',')
            .map(|element| {
                element.split(';').find_map(|pair| {
                    let (k, v) = pair.split_once('=')?;
                    k.trim()
                        .eq_ignore_ascii_case("for")
                        .then(|| v.trim().trim_matches('"').to_string())
                })
            })
            .collect();
    }
    let xff = joined("x-forwarded-for");
    if xff.trim().is_empty() {
        return Vec::new();
    }
    xff.split(',').map(|h| Some(h.trim().to_string())).collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Ok(sock) = hop.parse::<SocketAddr>() {
        return Some(canonical(sock.ip()));
    }
    let inner = hop.strip_prefix('[')?.split(']').next()?;
    inner.parse().ok().map(canonical)
}

/// An IPv4 client seen through an IPv6 socket is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn trusted() -> Vec<IpNet> {
        vec![
            "10.0.0.0/8".parse().unwrap(),
            "127.0.0.1/32".parse().unwrap(),
        ]
    }

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let h = headers(&[("x-forwarded-for", "198.51.100.9")]);
        assert_eq!(
            client_address(ip("203.0.113.5"), &h, &trusted()),
            ip("203.0.113.5")
        );
        assert_eq!(
            client_address(ip("203.0.113.5"), &h, &[]),
            ip("203.0.113.5")
        );
    }

    #[test]
    fn a_trusted_proxy_names_the_first_untrusted_hop_from_the_right() {
        // The client wrote a fake first hop; the proxies appended the rest.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.9, 10.0.0.2")]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &h, &trusted()),
            ip("198.51.100.9")
        );
        // Two headers are one list.
        let h = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "198.51.100.9"),
        ]);
        assert_eq!(
            client_address(ip("127.0.0.1"), &h, &trusted()),
            ip("198.51.100.9")
        );
    }

    #[test]
    fn forwarded_wins_and_its_forms_parse() {
        let h = headers(&[
            (
                "forwarded",
                "for=192.0.2.60;proto=https, for=\"[2001:db8::1]:4711\"",
            ),
            ("x-forwarded-for", "198.51.100.9"),
        ]);
        assert_eq!(
            client_address(ip("10.9.9.9"), &h, &trusted()),
            ip("2001:db8::1")
        );
        let h = headers(&[("forwarded", "for=192.0.2.60:8080")]);
        assert_eq!(
            client_address(ip("10.9.9.9"), &h, &trusted()),
            ip("192.0.2.60")
        );
    }

    #[test]
    fn an_unparsable_hop_or_no_header_leaves_the_last_trusted_address() {
        let h = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &h, &trusted()),
            ip("10.0.0.1")
        );
        let h = headers(&[("x-forwarded-for", "garbage, 10.0.0.3")]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &h, &trusted()),
            ip("10.0.0.3")
        );
        assert_eq!(
            client_address(ip("10.0.0.1"), &HeaderMap::new(), &trusted()),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn an_ipv4_mapped_peer_is_its_ipv4_address() {
        let h = headers(&[("x-forwarded-for", "198.51.100.9")]);
        assert_eq!(
            client_address(ip("::ffff:127.0.0.1"), &h, &trusted()),
            ip("198.51.100.9")
        );
    }
}
