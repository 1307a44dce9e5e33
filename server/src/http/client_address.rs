//! Who is calling: the peer's address, or behind trusted proxies the
//! right-most `X-Forwarded-For` entry that is not one of them. Entries to
//! the left of that one were written by the client and prove nothing.

use ipnet::IpNet;
use std::net::IpAddr;

/// The proxies whose `X-Forwarded-For` entries are believed
/// (`TRUSTED_PROXIES`); empty: the header is ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Addresses and CIDR ranges, comma-separated: `10.0.0.0/8, 192.0.2.7`.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("`{entry}` is not an address or a CIDR range"))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    /// The loopback ranges: the deprecated `TRUST_PROXY_HEADERS=true`.
    pub fn loopback() -> Self {
        Self::parse("127.0.0.0/8, ::1/128").expect("valid ranges")
    }

    pub fn extend(&mut self, other: TrustedProxies) {
        self.0.extend(other.0);
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client behind `peer`: walking `X-Forwarded-For` from the right,
    /// past trusted proxies, to the first address that is not one. A
    /// malformed entry ends the walk at the proxy that passed it on.
    pub fn client_address(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.trusts(client) {
            return client;
        }
        let Some(forwarded_for) = forwarded_for else {
            return client;
        };
        for entry in forwarded_for.rsplit(',') {
            let Ok(address) = entry.trim().parse::<IpAddr>() else {
                return client;
            };
            client = address.to_canonical();
            if !self.trusts(client) {
                return client;
            }
        }
        client
    }
}

/// The key a client is limited by: its address, or for IPv6 its /64, which
/// a single client is commonly given whole.
pub fn limit_key(address: &str) -> String {
    match address.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => {
            let network = ipnet::Ipv6Net::new(v6, 64)
                .map(|net| net.trunc())
                .map(|net| net.to_string());
            network.unwrap_or_else(|_| address.to_string())
        }
        _ => address.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client_address(ip("127.0.0.1"), Some("1.2.3.4")),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn the_client_is_the_right_most_address_that_is_not_a_trusted_proxy() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.0.2.7").unwrap();
        let peer = ip("10.1.1.1");
        // The client wrote "6.6.6.6"; the proxies appended what they saw.
        let header = "6.6.6.6, 203.0.113.9, 192.0.2.7";
        assert_eq!(
            proxies.client_address(peer, Some(header)),
            ip("203.0.113.9")
        );
        assert_eq!(proxies.client_address(peer, None), peer);
        // A peer that is not a proxy is the client, whatever it claims.
        assert_eq!(
            proxies.client_address(ip("198.51.100.1"), Some("1.1.1.1")),
            ip("198.51.100.1")
        );
        // Garbage ends the walk at the proxy that passed it on.
        assert_eq!(
            proxies.client_address(peer, Some("nonsense, 192.0.2.7")),
            ip("192.0.2.7")
        );
        // Every hop a proxy: the left-most is as far as anyone can tell.
        assert_eq!(
            proxies.client_address(peer, Some("10.9.9.9")),
            ip("10.9.9.9")
        );
    }

    #[test]
    fn ipv4_mapped_ipv6_peers_count_as_their_ipv4_address() {
        let proxies = TrustedProxies::loopback();
        assert_eq!(
            proxies.client_address(ip("::ffff:127.0.0.1"), Some("203.0.113.9")),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn bad_entries_are_refused_with_their_text() {
        let error = TrustedProxies::parse("10.0.0.0/8, proxy.local").unwrap_err();
        assert!(error.contains("proxy.local"), "{error}");
    }

    #[test]
    fn ipv6_clients_are_limited_per_64() {
        assert_eq!(limit_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(limit_key("2001:db8:1:2:bbbb::9"), "2001:db8:1:2::/64");
        assert_eq!(limit_key("203.0.113.9"), "203.0.113.9");
    }
}
