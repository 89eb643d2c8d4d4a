//! User info in a URL (`https://bob:s3cret@host/v`): Twilio sends it as
//! basic auth, and so does Kazoo as far as we can tell (Pivot requests
//! through Erlang's httpc, whose request code turns the URL's user info
//! into an `Authorization: Basic` header; not tried against a running
//! Kazoo). The draft keeps it; everything the import shows or stores as
//! text has it masked.

/// The user info of `url` (between `scheme://` and the last `@` of the
/// authority), if it has one.
fn user_info(url: &str) -> Option<(usize, usize)> {
    let start = url.find("://")? + 3;
    let rest = &url[start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let at = rest[..authority_end].rfind('@')?;
    Some((start, start + at))
}

/// Whether `url` carries a user name or password.
pub fn has_user_info(url: &str) -> bool {
    user_info(url).is_some()
}

/// `url` with its user info replaced by `***` (`https://***@host/v`);
/// any other URL as it is.
pub fn masked(url: &str) -> String {
    match user_info(url) {
        Some((start, at)) => format!("{}***{}", &url[..start], &url[at..]),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_info_is_masked_and_nothing_else() {
        assert_eq!(masked("https://bob:s3cret@host/v"), "https://***@host/v");
        assert_eq!(masked("https://bob@host:8443/v"), "https://***@host:8443/v");
        assert_eq!(masked("https://a@b:c@host?x=@y"), "https://***@host?x=@y");
        for plain in ["https://host/v?to=a@b", "https://host/#@x", "not a url@x"] {
            assert_eq!(masked(plain), plain);
            assert!(!has_user_info(plain), "{plain}");
        }
        assert!(has_user_info("http://u:p@h/"));
    }
}
