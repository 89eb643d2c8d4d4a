//! Why the SSRF guard refused an address, in an admin's words: the kind
//! of address ("a loopback address") for every kind `ssrf_guard` refuses
//! (its `is_public`, tested against it below), and the message with the
//! setting that allows a range. An IPv4 address written inside an IPv6
//! one is named by its form: IPv4-mapped (`::ffff:0:0/96`) only for that
//! block; IPv4-compatible, SIIT and NAT64 by their own names.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::Failure;

/// Why the guard refused `host`, whose address `addr` it will not call.
/// An address that a name resolves to stays out of the message: it
/// would tell what internal names resolve to.
pub fn refused_address(host: &str, addr: IpAddr) -> Failure {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let kind = kind_of(addr).unwrap_or_else(|| "an address the checker does not call".to_owned());
    let what = match bare.parse::<IpAddr>() {
        Ok(_) => format!("{addr} is {kind}"),
        Err(_) => format!("{host} resolves to {kind}"),
    };
    Failure::Refused(format!(
        "{what}: the checker does not call this machine's own network or a private one. \
         An operator can allow a range with CHECKER_ALLOWED_RANGES."
    ))
}

/// What kind of refused address `ip` is, in words ("a loopback
/// address"); `None` for a public address (one the guard calls).
pub fn kind_of(ip: IpAddr) -> Option<String> {
    match ip {
        IpAddr::V4(v4) => kind_of_v4(v4).map(str::to_owned),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some((v4, form)) => kind_of_v4(v4).map(|kind| {
                format!("{v4} written as an IPv6 address ({form}), and {v4} is {kind}")
            }),
            None => kind_of_v6(v6).map(str::to_owned),
        },
    }
}

fn kind_of_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let o = ip.octets();
    Some(if ip.is_loopback() {
        "a loopback address"
    } else if ip.is_private() {
        "a private address"
    } else if ip.is_link_local() {
        "a link-local address (where cloud metadata services answer)"
    } else if ip.is_unspecified() {
        "the unspecified address (this machine)"
    } else if o[0] == 0 {
        "an address of “this network” (0.0.0.0/8)"
    } else if ip.is_multicast() {
        "a multicast address"
    } else if ip.is_broadcast() {
        "the broadcast address"
    } else if o[0] == 100 && (o[1] & 0xc0) == 64 {
        "a carrier-grade NAT address (shared, not public)"
    } else if ip.is_documentation() {
        "an address reserved for documentation"
    } else if o[0] == 198 && (o[1] & 0xfe) == 18 {
        "an address reserved for benchmarking"
    } else if (o[0] == 192 && o[1] == 0 && o[2] == 0)
        || (o[0] == 192 && o[1] == 88 && o[2] == 99)
        || o[0] >= 240
    {
        "an address reserved for special use, not a public one"
    } else {
        return None;
    })
}

fn kind_of_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let seg = ip.segments();
    Some(if ip.is_loopback() {
        "a loopback address"
    } else if ip.is_unspecified() {
        "the unspecified address (this machine)"
    } else if ip.is_multicast() {
        "a multicast address"
    } else if (seg[0] & 0xffc0) == 0xfe80 {
        "a link-local address"
    } else if (seg[0] & 0xfe00) == 0xfc00 {
        "a unique-local address (a private IPv6 network)"
    } else if (seg[0] & 0xffc0) == 0xfec0 {
        "a site-local address (a private IPv6 network)"
    } else if seg[0] == 0x2002 || (seg[0] == 0x2001 && seg[1] == 0) {
        "a 6to4 or Teredo address, whose traffic goes through a relay"
    } else if seg[..3] == [0x64, 0xff9b, 1] {
        "a local-use NAT64 address, whose traffic goes through a translator"
    } else if (seg[0] == 0x2001 && seg[1] == 0x0db8) || (seg[0] == 0x3fff && seg[1] < 0x1000) {
        "an address reserved for documentation"
    } else if seg[..3] == [0x2001, 2, 0] {
        "an address reserved for benchmarking"
    } else if seg[..4] == [0x100, 0, 0, 0] || seg[0] == 0x5f00 {
        "an address reserved for special use, not a public one"
    } else {
        return None;
    })
}

/// The IPv4 address written inside an IPv6 one, and the form's name, as
/// the guard judges them: mapped `::ffff:a.b.c.d` (`::ffff:0:0/96`),
/// compatible `::a.b.c.d`, SIIT `::ffff:0:a.b.c.d`, NAT64
/// `64:ff9b::a.b.c.d`.
fn embedded_v4(ip: Ipv6Addr) -> Option<(Ipv4Addr, &'static str)> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some((v4, "IPv4-mapped"));
    }
    let seg = ip.segments();
    let form = if seg[..6] == [0; 6] && !ip.is_loopback() && !ip.is_unspecified() {
        "IPv4-compatible"
    } else if seg[..6] == [0, 0, 0, 0, 0xffff, 0] {
        "SIIT"
    } else if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        "NAT64"
    } else {
        return None;
    };
    let [.., a, b, c, d] = ip.octets();
    Some((Ipv4Addr::new(a, b, c, d), form))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(ip: &str) -> String {
        kind_of(ip.parse().unwrap()).unwrap_or_default()
    }

    #[test]
    fn each_refused_address_is_named_in_words() {
        for (ip, words) in [
            ("127.0.0.1", "a loopback address"),
            ("::1", "a loopback address"),
            ("10.0.0.1", "a private address"),
            ("172.16.0.1", "a private address"),
            ("192.168.1.1", "a private address"),
            ("169.254.169.254", "a link-local address"),
            ("0.0.0.0", "the unspecified address"),
            ("::", "the unspecified address"),
            ("224.0.0.1", "a multicast address"),
            ("fd00::1", "a unique-local address"),
            ("fe80::1", "a link-local address"),
            ("100.64.0.1", "carrier-grade NAT"),
            ("198.18.0.1", "benchmarking"),
            ("2001:db8::1", "documentation"),
            ("64:ff9b:1::1", "local-use NAT64"),
        ] {
            assert!(kind(ip).contains(words), "{ip}: {}", kind(ip));
        }
        assert_eq!(
            kind("::ffff:127.0.0.1"),
            "127.0.0.1 written as an IPv6 address (IPv4-mapped), and 127.0.0.1 is a loopback address"
        );
        assert!(kind("64:ff9b::a00:1").starts_with("10.0.0.1 written as an IPv6 address (NAT64)"));
        assert!(
            kind("::a00:1").starts_with("10.0.0.1 written as an IPv6 address (IPv4-compatible)")
        );
        assert!(kind("::ffff:0:a00:1").starts_with("10.0.0.1 written as an IPv6 address (SIIT)"));
    }

    /// Every address the guard refuses has words, and only those: the
    /// kinds follow `ssrf_guard::is_public`.
    #[test]
    fn the_words_follow_the_guards_own_judgement() {
        let addresses = [
            "127.0.0.1",
            "127.255.0.9",
            "10.1.2.3",
            "172.31.0.1",
            "192.168.0.1",
            "169.254.1.1",
            "0.0.0.0",
            "0.1.2.3",
            "224.0.0.1",
            "239.1.1.1",
            "255.255.255.255",
            "100.64.0.1",
            "100.127.255.255",
            "192.0.2.1",
            "198.51.100.1",
            "203.0.113.9",
            "198.18.0.1",
            "198.19.255.1",
            "192.0.0.8",
            "192.88.99.1",
            "240.0.0.1",
            "250.1.1.1",
            "8.8.8.8",
            "93.184.215.14",
            "100.128.0.1",
            "172.32.0.1",
            "192.0.3.1",
            "198.20.0.1",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:8.8.8.8",
            "::ffff:0:10.0.0.1",
            "::ffff:0:8.8.8.8",
            "::10.0.0.1",
            "::8.8.8.8",
            "64:ff9b::10.0.0.1",
            "64:ff9b::8.8.8.8",
            "64:ff9b:1::1",
            "ff02::1",
            "fe80::1",
            "febf::1",
            "fec0::1",
            "fc00::1",
            "fdff::1",
            "2002::1",
            "2001::1",
            "2001:db8::1",
            "3fff::1",
            "3fff:1000::1",
            "2001:2::1",
            "100::1",
            "100:0:0:1::1",
            "5f00::1",
            "2606:4700::1111",
            "2a00:1450::1",
        ];
        for ip in addresses {
            let ip: IpAddr = ip.parse().unwrap();
            assert_eq!(
                kind_of(ip).is_some(),
                !ssrf_guard::is_public(ip),
                "{ip}: {:?}",
                kind_of(ip)
            );
        }
    }

    #[test]
    fn a_refusal_names_the_address_or_the_name() {
        let ip = |addr: &str| addr.parse().unwrap();
        assert_eq!(
            refused_address("127.0.0.1", ip("127.0.0.1")).to_string(),
            "127.0.0.1 is a loopback address: the checker does not call this machine's own network \
             or a private one. An operator can allow a range with CHECKER_ALLOWED_RANGES."
        );
        let named = refused_address("intranet.example", ip("10.0.0.7")).to_string();
        assert!(
            named.starts_with("intranet.example resolves to a private address:"),
            "{named}"
        );
        assert!(
            !named.contains("10.0.0.7"),
            "the resolved address stays out: {named}"
        );
    }
}
