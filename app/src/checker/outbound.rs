//! The SSRF guard: every request the server makes for the checker goes
//! through [`Outbound::send`] (DESIGN.md, Security). Only `http` and
//! `https`; the host is resolved once and the connection made to exactly
//! the addresses checked (the `ssrf-guard` crate pins them); loopback,
//! private, link-local, unique-local, unspecified, multicast and other
//! special addresses, and IPv6 spellings of them (`::ffff:127.0.0.1`), are
//! refused unless the operator allows a range (`CHECKER_ALLOWED_RANGES`);
//! the words are `outbound/reason.rs`'s. Redirects are not followed (a
//! 3xx is the answer, as for Kazoo). An account runs at most
//! [`CHECKS_PER_ACCOUNT`] checks at once (`outbound/busy.rs`). The answer's body is cut at
//! [`MAX_BODY_BYTES`], the whole exchange at the node's timeout (at most
//! 5 s, as Kazoo's), and its latency measured. Server only.

mod busy;
mod reason;

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use serde::{Deserialize, Serialize};
use ssrf_guard::{header, Cidr, Error, Fetcher, Method, Policy, Request, Url};

pub use self::{
    busy::{AccountLimit, Permit, CHECKS_PER_ACCOUNT},
    reason::{kind_of, refused_address},
};

/// The most of an answer's body read and shown: 1 MiB. A TwiML document
/// or a callflow node is a few KiB; past this the rest is not read and
/// the report says the body was cut.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Redirects followed: none. Kazoo does not follow a 3xx (it is one of
/// the statuses that fail the request, the core's `OtherStatus` row), so
/// the checker shows it as the answer; the guard does not even connect to
/// the `Location`.
const MAX_REDIRECTS: usize = 0;

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
/// operator's allowed ranges, and the bound on an account's checks at
/// once ([`CHECKS_PER_ACCOUNT`]). Cheap to clone (clones share the
/// bound).
#[derive(Debug, Clone, Default)]
pub struct Outbound {
    allowed: AllowedRanges,
    busy: AccountLimit,
}

impl Outbound {
    pub fn new(allowed: AllowedRanges) -> Self {
        Self {
            allowed,
            busy: AccountLimit::default(),
        }
    }

    /// A place for one more outbound check (a URL check or a walk's move)
    /// of `account_id`, held until the permit is dropped.
    ///
    /// # Errors
    /// `Conflict` ("busy, try again") when the account already has
    /// [`CHECKS_PER_ACCOUNT`] under way; nothing is requested then.
    pub fn permit(&self, account_id: &str) -> Result<Permit, crate::error::AppError> {
        self.busy.try_acquire(account_id)
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
        let explain = |e: Error| explain(e, ms);
        let response = fetcher.send(outgoing).await.map_err(explain)?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
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
        })
    }
}

/// What to tell the admin about `error`.
fn explain(error: Error, timeout_ms: u64) -> Failure {
    match error {
        Error::Denied { host, addr, .. } => refused_address(&host, addr),
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_timeout_is_kazoos_too_a_refusal_is_not() {
        assert!(explain(Error::Timeout(Duration::from_secs(1)), 1000).is_kazoos_too());
        let ip = "127.0.0.1".parse().unwrap();
        assert!(!refused_address("127.0.0.1", ip).is_kazoos_too());
    }
}
