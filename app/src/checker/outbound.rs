//! The SSRF guard: every request the server makes for the checker goes
//! through [`Outbound::send`] (DESIGN.md, Security). Only `http` and
//! `https`; the host is resolved once and the connection made to exactly
//! the addresses checked (the `ssrf-guard` crate pins them); loopback,
//! private, link-local, unique-local, unspecified, multicast and other
//! special addresses, and IPv6 spellings of them (`::ffff:127.0.0.1`), are
//! refused, at every redirect too, unless the operator allows a range
//! (`CHECKER_ALLOWED_RANGES`). The answer's body is cut at
//! [`MAX_BODY_BYTES`], the whole exchange at the node's timeout (at most
//! 5 s, as Kazoo's), and its latency measured. Server only.

use std::{
    net::{IpAddr, Ipv4Addr, Ipv6Addr},
    sync::Arc,
    time::{Duration, Instant},
};

use serde::{Deserialize, Serialize};
use ssrf_guard::{header, Cidr, Error, Fetcher, Method, Policy, Request, Url};

/// The most of an answer's body read and shown: 1 MiB. A TwiML document
/// or a callflow node is a few KiB; past this the rest is not read and
/// the report says the body was cut.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Redirects followed (301, 302, 303, 307, 308), each checked again.
const MAX_REDIRECTS: usize = 3;

/// Address ranges the operator lets the checker reach although the guard
/// refuses them (`CHECKER_ALLOWED_RANGES`): none by default.
#[derive(Debug, Clone, Default)]
pub struct AllowedRanges(Arc<[Cidr]>);

impl AllowedRanges {
    /// Reads a comma-separated list of CIDR blocks (`10.1.0.0/16,
    /// fd00::/8`; a bare address is a block of one). Empty: none.
    ///
    /// # Errors
    /// The first entry that is no address block, in words.
    pub fn parse(text: &str) -> Result<Self, String> {
        let ranges = text
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(|r| {
                r.parse::<Cidr>().map_err(|_| {
                    format!("{r:?} is not an address range such as 10.0.0.0/8 or fd00::/8")
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self(ranges.into()))
    }

    /// The ranges, as written back (`127.0.0.0/8`).
    pub fn to_strings(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }
}

/// One request to a customer's server.
#[derive(Debug, Clone)]
pub struct OutboundRequest {
    /// `GET` or `POST`.
    pub method: Method,
    pub url: String,
    /// The body's media type, for a body.
    pub content_type: Option<String>,
    pub body: Option<Vec<u8>>,
    /// The whole exchange's budget: the pivot node's timeout.
    pub timeout: Duration,
}

/// What the server answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub status: u16,
    /// The `Content-Type` header as sent; `None` without one.
    pub content_type: Option<String>,
    /// The body as text (invalid UTF-8 replaced), at most
    /// [`MAX_BODY_BYTES`].
    pub body: String,
    /// True when the body was longer and cut.
    pub truncated: bool,
    /// From sending the request to the last byte read, in milliseconds.
    pub latency_ms: u64,
    /// The URL that answered, when a redirect led elsewhere.
    pub redirected_to: Option<String>,
}

/// Why no answer came, in an admin's words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum Failure {
    /// The guard did not make the request (its address, its scheme, a
    /// password in it): nothing was sent. Kazoo itself might reach it;
    /// the checker does not.
    #[error("{0}")]
    Refused(String),
    /// No answer within the timeout.
    #[error("No answer within {ms} ms (the pivot node's timeout).")]
    Timeout { ms: u64 },
    /// The host name did not resolve (what Kazoo meets as a DNS error).
    #[error("{0}")]
    NoSuchName(String),
    /// Nothing answered at the address, or the exchange broke off (what
    /// Kazoo meets as a connect error).
    #[error("{0}")]
    Unreachable(String),
}

impl Failure {
    /// True when Kazoo would meet the same failure (a timeout or a server
    /// that cannot be reached), rather than a refusal of the checker's.
    pub fn is_kazoos_too(&self) -> bool {
        !matches!(self, Self::Refused(_))
    }
}

/// The checker's outbound HTTP client: the guard's policy with the
/// operator's allowed ranges. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Outbound {
    allowed: AllowedRanges,
}

impl Outbound {
    pub fn new(allowed: AllowedRanges) -> Self {
        Self { allowed }
    }

    fn fetcher(&self, timeout: Duration) -> Fetcher {
        let policy = self
            .allowed
            .0
            .iter()
            .fold(Policy::builder(), |p, range| p.allow(*range))
            .timeout(timeout)
            .max_redirects(MAX_REDIRECTS)
            .max_body(MAX_BODY_BYTES)
            .build();
        Fetcher::new(policy).user_agent(header::HeaderValue::from_static("pivot-console checker"))
    }

    /// Sends `request` through the guard and reads the answer.
    ///
    /// # Errors
    /// [`Failure::Refused`] before anything is sent (the reason names the
    /// address's kind and the setting that allows it), a timeout, or a
    /// server that could not be reached.
    pub async fn send(&self, request: OutboundRequest) -> Result<Answer, Failure> {
        let url = Url::parse(request.url.trim())
            .map_err(|_| Failure::Refused("The voice URL is not a URL.".to_owned()))?;
        let first_host = url.host_str().unwrap_or_default().to_owned();
        let ms = u64::try_from(request.timeout.as_millis()).unwrap_or(u64::MAX);
        let mut outgoing = Request::new(request.method, url.clone());
        if let (Some(kind), Some(_)) = (&request.content_type, &request.body) {
            if let Ok(value) = header::HeaderValue::from_str(kind) {
                outgoing = outgoing.header(header::CONTENT_TYPE, value);
            }
        }
        if let Some(body) = request.body {
            outgoing = outgoing.body(body);
        }
        let fetcher = self.fetcher(request.timeout);
        let started = Instant::now();
        let explain = |e: Error| explain(e, &first_host, ms);
        let response = fetcher.send(outgoing).await.map_err(explain)?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let redirected_to = (response.url() != &url).then(|| response.url().to_string());
        // The policy's timeout covers the body too; what is left of it.
        let (bytes, truncated) = response.bytes_truncated().await.map_err(explain)?;
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        // NUL cannot be stored (Postgres text) and is no part of TwiML or
        // JSON: shown as the replacement character, as invalid UTF-8 is.
        let body = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
            .replace('\0', "\u{FFFD}");
        Ok(Answer {
            status,
            content_type,
            body,
            truncated,
            latency_ms,
            redirected_to,
        })
    }
}

/// What to tell the admin about `error`. `first_host` is the URL's own
/// host: a refused address under another name came from a redirect.
fn explain(error: Error, first_host: &str, timeout_ms: u64) -> Failure {
    match error {
        Error::Denied { host, addr, .. } => refused_address(&host, addr, first_host),
        Error::InvalidUrl(why) => Failure::Refused(format!(
            "The checker only calls http:// and https:// URLs with a host and no user name or password ({why})."
        )),
        Error::BadRedirect(why) => Failure::Refused(format!(
            "The server redirected to a place the checker does not follow ({why})."
        )),
        Error::TooManyRedirects(n) => Failure::Refused(format!(
            "The server redirected more than {n} times; the checker stopped following."
        )),
        Error::Timeout(_) => Failure::Timeout { ms: timeout_ms },
        Error::Resolve { host, .. } => Failure::NoSuchName(format!(
            "{host} does not resolve: no such name in DNS."
        )),
        Error::Connect { host, .. } => Failure::Unreachable(format!(
            "Nothing answered at {host}: the connection was refused or could not be made."
        )),
        Error::BodyTooLarge(n) => Failure::Unreachable(format!("The answer is over {n} bytes.")),
        other => Failure::Unreachable(format!("The request failed: {other}.")),
    }
}

/// Why the guard refused `host` (the URL's, or a redirect's when it is
/// not `first_host`), whose address `addr` it will not call.
fn refused_address(host: &str, addr: IpAddr, first_host: &str) -> Failure {
    let bare = |h: &str| h.trim_start_matches('[').trim_end_matches(']').to_owned();
    let redirect = bare(host) != bare(first_host);
    let what = match bare(host).parse::<IpAddr>() {
        Ok(_) => format!("{addr} is {}", kind_of(addr)),
        // The address a name resolves to stays out of the message: it
        // would tell what internal names resolve to.
        Err(_) => format!("{host} resolves to {}", kind_of(addr)),
    };
    let lead = if redirect {
        "The server redirected the request elsewhere, and "
    } else {
        ""
    };
    Failure::Refused(format!(
        "{lead}{what}: the checker does not call this machine's own network or a private one. \
         An operator can allow a range with CHECKER_ALLOWED_RANGES."
    ))
}

/// What kind of refused address `ip` is, in words ("a loopback address").
pub fn kind_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => kind_of_v4(v4).to_owned(),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => format!(
                "{v4} written as an IPv6 address (IPv4-mapped), and {v4} is {}",
                kind_of_v4(v4)
            ),
            None => kind_of_v6(v6).to_owned(),
        },
    }
}

fn kind_of_v4(ip: Ipv4Addr) -> &'static str {
    let o = ip.octets();
    if ip.is_loopback() {
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
    } else {
        "an address reserved for special use, not a public one"
    }
}

fn kind_of_v6(ip: Ipv6Addr) -> &'static str {
    let seg = ip.segments();
    if ip.is_loopback() {
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
    } else {
        "an address reserved for special use, not a public one"
    }
}

/// The IPv4 address written inside an IPv6 one (mapped `::ffff:a.b.c.d`,
/// compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`), as the guard judges
/// them.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    let seg = ip.segments();
    let compatible = seg[..6] == [0; 6] && !ip.is_loopback() && !ip.is_unspecified();
    if compatible || seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] || seg[..6] == [0, 0, 0, 0, 0xffff, 0] {
        let [.., a, b, c, d] = ip.octets();
        return Some(Ipv4Addr::new(a, b, c, d));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(ip: &str) -> String {
        kind_of(ip.parse().unwrap())
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
        ] {
            assert!(kind(ip).contains(words), "{ip}: {}", kind(ip));
        }
        assert_eq!(
            kind("::ffff:127.0.0.1"),
            "127.0.0.1 written as an IPv6 address (IPv4-mapped), and 127.0.0.1 is a loopback address"
        );
    }

    #[test]
    fn allowed_ranges_are_read_or_refused_in_words() {
        assert!(AllowedRanges::parse("").unwrap().to_strings().is_empty());
        let ranges = AllowedRanges::parse(" 127.0.0.0/8 , fd00::/8,10.1.2.3").unwrap();
        assert_eq!(
            ranges.to_strings(),
            ["127.0.0.0/8", "fd00::/8", "10.1.2.3/32"]
        );
        let error = AllowedRanges::parse("127.0.0.0/8,localhost").unwrap_err();
        assert!(
            error.contains("\"localhost\" is not an address range"),
            "{error}"
        );
    }

    #[test]
    fn a_refusal_after_a_redirect_says_so() {
        let ip = |addr: &str| addr.parse().unwrap();
        let first = refused_address("127.0.0.1", ip("127.0.0.1"), "127.0.0.1");
        assert_eq!(
            first.to_string(),
            "127.0.0.1 is a loopback address: the checker does not call this machine's own network \
             or a private one. An operator can allow a range with CHECKER_ALLOWED_RANGES."
        );
        let later = refused_address("localhost", ip("127.0.0.1"), "voice.example.com");
        assert!(
            later.to_string().starts_with(
                "The server redirected the request elsewhere, and localhost resolves to a loopback address"
            ),
            "{later}"
        );
        assert!(!later.is_kazoos_too());
        assert!(explain(Error::Timeout(Duration::from_secs(1)), "x", 1000).is_kazoos_too());
    }
}
