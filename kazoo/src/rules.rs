//! Kazoo's own rules for callflow data, each in one place: what Kazoo
//! accepts, so the form, the JSON API and the sandbox apply the same
//! limits and tell the same story.
//!
//! Sources: `callflows.pivot.json` (`req_timeout_ms` maximum 5000,
//! `voice_url` / `cdr_url` pattern `^https?://`), `callflows.json`
//! (`numbers` items 1..36 characters), `callflows.tts.json` (`text`
//! 1..1000 characters), and crossbar's `kazoo-validation` of `voice_url`
//! ("invalid client URL" for hosts Kazoo will not call, API.md §3).

/// `req_timeout_ms` upper bound in Kazoo's pivot schema, in milliseconds.
pub const PIVOT_TIMEOUT_MAX_MS: i64 = 5000;

/// Kazoo's defaults for a pivot node's keys when they are absent
/// (`callflows.pivot.json` `default`s: `method` `get`, `req_format`
/// `kazoo`, `req_body_format` `form`); crossbar also writes them on save.
pub const PIVOT_DEFAULT_METHOD: &str = "get";
/// See [`PIVOT_DEFAULT_METHOD`].
pub const PIVOT_DEFAULT_REQ_FORMAT: &str = "kazoo";
/// See [`PIVOT_DEFAULT_METHOD`].
pub const PIVOT_DEFAULT_BODY_FORMAT: &str = "form";

/// The request format Kazoo uses at run time when a pivot node has no
/// `req_format` (PIVOT_TWIML.md §1): `cf_pivot` passes the key without a
/// default and `pivot_call` falls back to `twiml`. Not the schema's
/// [`PIVOT_DEFAULT_REQ_FORMAT`], which only applies when Crossbar saved
/// the node.
pub const PIVOT_RUNTIME_REQ_FORMAT: crate::callflow::ReqFormat = crate::callflow::ReqFormat::Twiml;

/// Longest callflow number Kazoo stores (`numbers` items, `maxLength`).
pub const NUMBER_MAX_CHARS: usize = 36;

/// Longest text a `tts` node speaks (`callflows.tts.json`, `maxLength`).
pub const TTS_TEXT_MAX_CHARS: usize = 1000;

/// Hosts whose voice URLs Kazoo refuses with "invalid client URL": its
/// own machine, which a customer's server never is.
pub const REFUSED_VOICE_URL_HOSTS: [&str; 3] = ["localhost", "127.0.0.1", "0.0.0.0"];

/// Whether Kazoo's schema pattern `^https?://` accepts `url` (it checks
/// nothing more: the form's own check, [`crate::pivot`], is stricter).
pub fn matches_url_pattern(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// The host of an `http(s)` URL as written (brackets of an IPv6 address
/// removed, no port, no user); `None` when `url` is not an http(s) URL
/// with a host. Parsed with the `url` crate (WHATWG rules).
pub fn url_host(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let host = match parsed.host()? {
        url::Host::Domain(d) => d.to_owned(),
        url::Host::Ipv4(ip) => ip.to_string(),
        url::Host::Ipv6(ip) => ip.to_string(),
    };
    Some(host)
}

/// Whether Kazoo refuses `url` as a pivot `voice_url` ("invalid client
/// URL") because of its host, given the refused hosts of that Kazoo.
pub fn is_refused_voice_url(url: &str, refused_hosts: &[impl AsRef<str>]) -> bool {
    url_host(url).is_some_and(|host| {
        refused_hosts
            .iter()
            .any(|refused| refused.as_ref().eq_ignore_ascii_case(&host))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_read_from_urls() {
        assert_eq!(
            url_host("http://localhost:8080/x").as_deref(),
            Some("localhost")
        );
        assert_eq!(
            url_host("https://user@127.0.0.1/x").as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(url_host("http://[::1]:80/").as_deref(), Some("::1"));
        assert_eq!(
            url_host("https://Twiml.Example.com?x=1").as_deref(),
            Some("twiml.example.com")
        );
        assert_eq!(url_host("ftp://x"), None);
        assert_eq!(url_host("not a url"), None);
    }

    #[test]
    fn kazoo_refuses_its_own_machine() {
        for url in [
            "http://localhost/voice",
            "https://127.0.0.1:8443/x",
            "http://0.0.0.0/",
            "http://LOCALHOST/",
        ] {
            assert!(is_refused_voice_url(url, &REFUSED_VOICE_URL_HOSTS), "{url}");
        }
        assert!(!is_refused_voice_url(
            "https://voice.example.com/twiml",
            &REFUSED_VOICE_URL_HOSTS
        ));
    }
}
