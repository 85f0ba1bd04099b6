//! Who is asking: the client's address, taken from `X-Forwarded-For` only when the request comes
//! through a proxy the server was told to trust (`--trusted-proxy`). Behind an office's reverse
//! proxy every request comes from the proxy; without this, throttling one address would throttle
//! the whole office.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::{AppState, WebError};

/// An address or a network (`10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Net {
    addr: IpAddr,
    prefix: u8,
}

impl Net {
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

impl FromStr for Net {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s.trim(), None),
        };
        let addr: IpAddr = addr
            .parse()
            .map_err(|_| format!("'{s}' is not an IP address or network (10.0.0.1, 10.0.0.0/8, fd00::/8)"))?;
        let addr = canonical(addr);
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("'{s}': the prefix must be 0–{max}"))?,
        };
        Ok(Net { addr, prefix })
    }
}

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<Net>);

impl TrustedProxies {
    fn trusted(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(ip))
    }

    /// The client: the peer, unless the peer is a trusted proxy; then the nearest address in
    /// `X-Forwarded-For` (read from the right) that is not itself a trusted proxy. Entries a
    /// client wrote itself stand to the left of what the proxies appended, so they are never
    /// taken while an untrusted hop lies to their right.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusted(peer) {
            return peer;
        }
        let hops: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|h| {
                let h = h.trim();
                h.parse::<IpAddr>()
                    .or_else(|_| h.parse::<SocketAddr>().map(|s| s.ip()))
                    .ok()
            })
            .map(canonical)
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            client = *hop;
            if !self.trusted(*hop) {
                break;
            }
        }
        client
    }
}

/// The client's address (see [`TrustedProxies::client`]).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .ok_or_else(|| WebError::Internal("no connection info".into()))?;
        Ok(ClientAddr(state.config.trusted_proxies.client(peer, &parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    #[test]
    fn networks_are_read_and_matched() {
        let net: Net = "10.0.0.0/8".parse().unwrap();
        assert!(net.contains("10.1.2.3".parse().unwrap()));
        assert!(net.contains("::ffff:10.1.2.3".parse().unwrap()));
        assert!(!net.contains("11.0.0.1".parse().unwrap()));
        let one: Net = "192.168.1.5".parse().unwrap();
        assert!(one.contains("192.168.1.5".parse().unwrap()));
        assert!(!one.contains("192.168.1.6".parse().unwrap()));
        assert!("fd00::/8".parse::<Net>().unwrap().contains("fd12::1".parse().unwrap()));
        assert!("0.0.0.0/0".parse::<Net>().unwrap().contains("8.8.8.8".parse().unwrap()));
        assert!("10.0.0.0/33".parse::<Net>().is_err());
        assert!("kantor".parse::<Net>().is_err());
    }

    #[test]
    fn the_client_is_behind_trusted_proxies_only() {
        let proxies = TrustedProxies(vec!["10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap()]);
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let stranger: IpAddr = "203.0.113.9".parse().unwrap();
        // Not through a trusted proxy: the header is the client's own words, ignored.
        assert_eq!(proxies.client(stranger, &headers(&["1.2.3.4"])), stranger);
        // Through the proxy: the address it appended.
        assert_eq!(
            proxies.client(proxy, &headers(&["198.51.100.7"])),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        // A client that forged an entry: the forged one stands left of the real one.
        assert_eq!(
            proxies.client(proxy, &headers(&["1.1.1.1, 198.51.100.7"])),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        // Two proxies in a row, headers split over two lines.
        assert_eq!(
            proxies.client(proxy, &headers(&["198.51.100.7", "10.0.0.2"])),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        // No header: the proxy itself.
        assert_eq!(proxies.client(proxy, &headers(&[])), proxy);
        // Nothing trusted: always the peer.
        assert_eq!(TrustedProxies::default().client(proxy, &headers(&["1.2.3.4"])), proxy);
    }
}
