//! The address of the client behind a request. The gateway (and the BFF after it) pass on the
//! address they saw in `X-Real-IP`; that header is believed only when it comes from a proxy named
//! in `TRUSTED_PROXIES`, since anyone else could choose the address their failed logins count
//! against (or lock someone else out with).

use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{HeaderMap, request::Parts},
};
use ipnet::IpNet;

use crate::config::env_or;

/// Loopback only: the gateway and the BFF run beside the services. Deployments where they run
/// elsewhere name their networks (Kubernetes: the pod network).
pub const DEFAULT_TRUSTED_PROXIES: &str = "127.0.0.0/8,::1/128";

#[derive(Clone, Debug)]
pub struct TrustedProxies(Arc<Vec<IpNet>>);

impl TrustedProxies {
    /// From `TRUSTED_PROXIES`: comma-separated addresses or networks. Entries that do not parse
    /// are reported and skipped (trusting less, never more).
    pub fn from_env() -> Self {
        Self::parse(&env_or("TRUSTED_PROXIES", DEFAULT_TRUSTED_PROXIES))
    }

    pub fn parse(list: &str) -> Self {
        let networks = list
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .filter_map(|entry| {
                let parsed = entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from));
                if parsed.is_err() {
                    tracing::warn!(entry, "TRUSTED_PROXIES entry ignored: not an address");
                }
                parsed.ok()
            })
            .collect();
        Self(Arc::new(networks))
    }

    pub fn trusts(&self, peer: IpAddr) -> bool {
        let peer = peer.to_canonical();
        self.0.iter().any(|network| network.contains(&peer))
    }

    /// The client's address: the one a trusted proxy reports, else the peer's own.
    pub fn client_address(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let forwarded = || {
            headers
                .get("x-real-ip")
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.trim().parse::<IpAddr>().ok())
        };
        match peer {
            Some(peer) if self.trusts(peer) => forwarded().or(Some(peer)),
            Some(peer) => Some(peer.to_canonical()),
            None => None,
        }
    }
}

/// The requesting client's address (see the module's notes), `None` when the server was not
/// started with connection info.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddress(pub Option<IpAddr>);

impl std::fmt::Display for ClientAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(address) => address.fmt(f),
            None => f.write_str("unknown"),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| address.ip());
        let proxies = parts
            .extensions
            .get::<TrustedProxies>()
            .cloned()
            .unwrap_or_else(TrustedProxies::from_env);
        Ok(Self(proxies.client_address(peer, &parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(real_ip: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-real-ip", real_ip.parse().unwrap());
        headers
    }

    #[test]
    fn the_header_is_believed_only_from_trusted_proxies() {
        let proxies = TrustedProxies::parse(DEFAULT_TRUSTED_PROXIES);
        let gateway = Some("127.0.0.1".parse().unwrap());
        let stranger = Some("203.0.113.9".parse().unwrap());
        assert_eq!(
            proxies.client_address(gateway, &headers("198.51.100.7")),
            Some("198.51.100.7".parse().unwrap())
        );
        assert_eq!(
            proxies.client_address(stranger, &headers("198.51.100.7")),
            stranger
        );
        assert_eq!(proxies.client_address(gateway, &HeaderMap::new()), gateway);
        assert_eq!(
            proxies.client_address(gateway, &headers("not an address")),
            gateway
        );
    }

    #[test]
    fn networks_and_ipv4_mapped_peers_are_understood() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.5, bogus");
        let mapped: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        assert!(proxies.trusts(mapped));
        assert!(proxies.trusts("192.168.1.5".parse().unwrap()));
        assert!(!proxies.trusts("192.168.1.6".parse().unwrap()));
    }
}
