//! Who acts on drafts: a signed-in admin, or a script with an API token
//! (the JSON API's extractor builds it, see `api_v1/caller.rs`).

use kazoo::AuthToken;

use super::SessionUser;

/// Who acts on drafts: a signed-in admin, or a script with an API token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub account_id: String,
    /// Written to `updated_by` and the sync log.
    pub actor: String,
    /// The Kazoo token sync uses; API-token callers may not have one.
    pub token: Option<AuthToken>,
}

impl From<&SessionUser> for Caller {
    fn from(user: &SessionUser) -> Self {
        let who = user.user_name.as_deref().unwrap_or("API key");
        Self {
            account_id: user.account_id.clone(),
            actor: format!("{who}@{}", user.account_name),
            token: Some(user.token.clone()),
        }
    }
}
