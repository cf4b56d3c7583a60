//! Who the client is, network-wise: the TCP peer, or behind trusted proxies the right-most
//! `X-Forwarded-For` hop that is not one of them. Resolved once per request and left in the
//! request's extensions (`ClientAddr`) for the sign-in limits and the logs.
//!
//! Only the proxies named in `HAMRO_TRUSTED_PROXIES` (addresses or CIDR ranges, comma
//! separated) are believed: a client that writes its own `X-Forwarded-For` header only adds
//! hops to the left of the ones the proxies append, and those are never read.

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{ConnectInfo, Request},
    http::HeaderMap,
    middleware::Next,
    response::Response,
};
use ipnet::IpNet;

/// The client's address, as `resolve_client_addr` found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// The proxies whose `X-Forwarded-For` hops are believed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses `10.0.0.0/8, 192.168.1.7, fd00::/8`; an empty string trusts no one.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("'{s}' is not an IP address or CIDR range"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&canonical(ip)))
    }

    /// The client behind `peer`: the right-most forwarded hop that is not a trusted proxy.
    /// A hop that cannot be read ends the walk at the last proxy that wrote a readable one.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = canonical(peer);
        if !self.trusts(client) {
            return client;
        }
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        for hop in hops.into_iter().rev() {
            let Some(ip) = parse_hop(hop) else { break };
            client = canonical(ip);
            if !self.trusts(client) {
                break;
            }
        }
        client
    }
}

/// `203.0.113.7`, `203.0.113.7:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>().ok().or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

/// IPv4-mapped IPv6 addresses (`::ffff:203.0.113.7`) as the IPv4 address they are.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The layer: puts `ClientAddr` in the request's extensions.
pub async fn resolve_client_addr(trusted: std::sync::Arc<TrustedProxies>, mut req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
    if let Some(peer) = peer {
        let client = trusted.client(peer, req.headers());
        req.extensions_mut().insert(ClientAddr(client));
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};

    use super::TrustedProxies;

    fn client(trusted: &str, peer: &str, forwarded: &[&str]) -> String {
        let mut headers = HeaderMap::new();
        for f in forwarded {
            headers.append("x-forwarded-for", HeaderValue::from_str(f).unwrap());
        }
        TrustedProxies::parse(trusted).unwrap().client(peer.parse().unwrap(), &headers).to_string()
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        // Straight to Hamro: the peer, whatever the header says.
        assert_eq!(client("", "198.51.100.9", &["203.0.113.7"]), "198.51.100.9");
        assert_eq!(client("10.0.0.0/8", "198.51.100.9", &["203.0.113.7"]), "198.51.100.9");
        // Behind the load balancer: the hop it appended.
        assert_eq!(client("10.0.0.0/8", "10.0.0.2", &["203.0.113.7"]), "203.0.113.7");
        // A client's own header only adds hops on the left.
        assert_eq!(client("10.0.0.0/8", "10.0.0.2", &["1.1.1.1, 203.0.113.7"]), "203.0.113.7");
        assert_eq!(client("10.0.0.0/8", "10.0.0.2", &["1.1.1.1", "203.0.113.7, 10.0.0.5"]), "203.0.113.7");
        // Two trusted proxies in a row, IPv6 with a port, a mapped IPv4 peer.
        assert_eq!(client("10.0.0.0/8, fd00::/8", "fd00::1", &["[2001:db8::1]:4711, 10.1.1.1"]), "2001:db8::1");
        assert_eq!(client("10.0.0.2", "::ffff:10.0.0.2", &["203.0.113.7"]), "203.0.113.7");
        // Garbage stops the walk at the proxy that wrote it.
        assert_eq!(client("10.0.0.0/8", "10.0.0.2", &["203.0.113.7, not-an-ip"]), "10.0.0.2");
        assert!(TrustedProxies::parse("10.0.0.0/8, banana").is_err());
    }
}
