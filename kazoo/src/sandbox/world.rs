//! The sandbox's in-memory Kazoo: accounts and tokens, and the rules
//! crossbar applies when signing in and writing callflows (API.md §4–§5).
//! No HTTP here: `routes` turns these results into responses.

use std::{
    collections::{BTreeMap, HashMap},
    time::{Duration, Instant},
};

use md5::{Digest, Md5};
use serde_json::{json, Value};

use super::account::{Account, StoredDoc};
use super::rules;
use crate::schema::SchemaSet;

/// A crossbar error: HTTP status, the envelope's `message` and its `data`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
    pub data: Value,
}

impl ApiError {
    pub fn new(status: u16, message: &str, data: Value) -> Self {
        Self {
            status,
            message: message.to_owned(),
            data,
        }
    }

    /// No token, or one we cannot decode.
    pub fn invalid_credentials() -> Self {
        Self::new(
            401,
            "invalid_credentials",
            json!({"message": "invalid credentials"}),
        )
    }

    /// A token that expired or is unknown.
    pub fn expired_token() -> Self {
        Self::new(401, "invalid credentials", json!({}))
    }

    pub fn forbidden(message: &str) -> Self {
        Self::new(403, "forbidden", json!({"message": message}))
    }

    pub fn bad_identifier(id: &str) -> Self {
        Self::new(
            404,
            "bad_identifier",
            json!({"cause": id, "message": "bad identifier"}),
        )
    }

    pub fn validation(errors: crate::ValidationErrors) -> Self {
        Self::new(
            400,
            "validation error",
            serde_json::to_value(errors).unwrap_or_default(),
        )
    }
}

/// A token the sandbox handed out.
pub struct Token {
    pub account_id: String,
    pub expires_at: Instant,
}

/// How a callflow write treats the stored document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    Create,
    Replace,
    Patch,
}

/// The whole simulated cluster.
pub struct World {
    pub accounts: BTreeMap<String, Account>,
    pub tokens: HashMap<String, Token>,
}

impl World {
    /// A world seeded with the demo accounts; with Kazoo's schemas, the
    /// seeded documents carry their defaults as Kazoo stores them.
    pub fn seeded(numbers: usize, schemas: Option<&SchemaSet>) -> Self {
        let md5 = hex::encode(Md5::digest(format!(
            "{}:{}",
            super::seed::USERNAME,
            super::seed::PASSWORD
        )));
        let mut accounts = super::seed::accounts(numbers, &md5);
        if let Some(set) = schemas {
            accounts
                .values_mut()
                .for_each(|a| super::seed::as_saved(a, set));
        }
        Self {
            accounts,
            tokens: HashMap::new(),
        }
    }

    fn issue_token(&mut self, account_id: &str, ttl: Duration) -> String {
        let token = hex::encode(rand::random::<[u8; 32]>());
        let entry = Token {
            account_id: account_id.to_owned(),
            expires_at: Instant::now() + ttl,
        };
        self.tokens.insert(token.clone(), entry);
        token
    }

    /// `PUT /v2/user_auth` (API.md §4): returns the new token and `data`.
    pub fn user_auth(&mut self, data: &Value, ttl: Duration) -> Result<(String, Value), ApiError> {
        let credentials = data.get("credentials").and_then(Value::as_str);
        let Some(credentials) = credentials.filter(|c| !c.is_empty() && c.len() <= 64) else {
            let detail =
                json!({"message": "Field is required but missing", "value": "credentials"});
            return Err(ApiError::validation(
                [(
                    "credentials".to_owned(),
                    [("required".to_owned(), detail)].into(),
                )]
                .into(),
            ));
        };
        let wanted = data
            .get("account_name")
            .and_then(Value::as_str)
            .map(normalize_account_name);
        let realm = data
            .get("account_realm")
            .or_else(|| data.get("realm"))
            .and_then(Value::as_str);
        let found = self.accounts.values().find_map(|a| {
            let selected = realm.is_some_and(|r| r.eq_ignore_ascii_case(&a.realm))
                || wanted
                    .as_deref()
                    .is_some_and(|w| w == normalize_account_name(&a.name));
            let user = a.users.iter().find(|u| u.md5 == credentials.to_lowercase());
            selected
                .then_some(user)
                .flatten()
                .map(|u| (a.id.clone(), a.name.clone(), u.id.clone()))
        });
        let (account_id, account_name, owner_id) =
            found.ok_or_else(ApiError::invalid_credentials)?;
        let token = self.issue_token(&account_id, ttl);
        Ok((
            token,
            auth_data(&account_id, &account_name, Some(&owner_id)),
        ))
    }

    /// `PUT /v2/api_auth` (API.md §4).
    pub fn api_auth(&mut self, data: &Value, ttl: Duration) -> Result<(String, Value), ApiError> {
        let key = data
            .get("api_key")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if let Some(errors) = rules::api_auth_errors(data) {
            return Err(ApiError::validation(errors));
        }
        let account = self.accounts.values().find(|a| a.api_key == key);
        let (id, name) = account
            .map(|a| (a.id.clone(), a.name.clone()))
            .ok_or_else(|| ApiError::new(404, "bad identifier", json!([key])))?;
        let token = self.issue_token(&id, ttl);
        Ok((token, auth_data(&id, &name, None)))
    }

    /// Checks the presented token against the URL's account (API.md §1's
    /// order: token, account exists, authorised).
    pub fn authorize(&self, token: Option<&str>, account_id: &str) -> Result<(), ApiError> {
        let token = token
            .filter(|t| !t.is_empty())
            .ok_or_else(ApiError::invalid_credentials)?;
        let entry = self.tokens.get(token).ok_or_else(ApiError::expired_token)?;
        if entry.expires_at <= Instant::now() {
            return Err(ApiError::expired_token());
        }
        if account_id.len() != 32 {
            let message = format!("invalid account_id '{account_id}'");
            return Err(ApiError::new(
                404,
                "bad identifier",
                json!({"message": message}),
            ));
        }
        if !self.accounts.contains_key(account_id) {
            return Err(ApiError::new(
                404,
                "bad_identifier",
                json!({"cause": account_id, "message": "bad identifier"}),
            ));
        }
        if entry.account_id != account_id {
            return Err(ApiError::forbidden("forbidden"));
        }
        Ok(())
    }

    /// Whether a token is known and unexpired (for unknown-path replies).
    pub fn token_is_valid(&self, token: Option<&str>) -> bool {
        token
            .and_then(|t| self.tokens.get(t))
            .is_some_and(|t| t.expires_at > Instant::now())
    }

    /// Expires every token now, as if an hour had passed.
    pub fn expire_tokens(&mut self) {
        let now = Instant::now();
        self.tokens.values_mut().for_each(|t| t.expires_at = now);
    }

    pub fn account(&self, id: &str) -> &Account {
        &self.accounts[id]
    }

    /// PUT / POST / PATCH of a callflow through crossbar's pipeline
    /// (API.md §5.2). Returns the saved public document and its revision.
    pub fn write_callflow(
        &mut self,
        account_id: &str,
        id: Option<&str>,
        body: Value,
        write: Write,
        schemas: Option<&SchemaSet>,
        blocked_hosts: &[String],
    ) -> Result<(Value, String), ApiError> {
        let Value::Object(mut incoming) = body else {
            return Err(ApiError::validation(rules::single(
                "data",
                "type",
                json!({"message": "Value did not match type(s): object"}),
            )));
        };
        let account = &self.accounts[account_id];
        if write == Write::Patch {
            let id = id.unwrap_or_default();
            let stored = account
                .callflows
                .get(id)
                .filter(|c| !c.deleted)
                .ok_or_else(|| ApiError::bad_identifier(id))?;
            let mut merged = Value::Object(stored.doc.clone());
            merge_left(&mut merged, Value::Object(incoming));
            incoming = merged.as_object().cloned().unwrap_or_default();
        }
        incoming.shift_remove("id");
        incoming.retain(|k, _| !k.starts_with('_') && !k.starts_with("pvt_"));
        rules::normalize_numbers(&mut incoming)?;
        let mut doc = Value::Object(incoming);
        let mut errors = match schemas {
            Some(set) => set.validate_callflow(&doc),
            None => rules::builtin_callflow_errors(&doc),
        };
        rules::check_voice_urls(doc.get("flow"), "flow", blocked_hosts, &mut errors);
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        if let Some(set) = schemas {
            set.apply_callflow_defaults(&mut doc);
        }
        let new_id = match (write, id) {
            (Write::Create, Some(requested)) if account.callflows.contains_key(requested) => {
                return Err(ApiError::new(
                    409,
                    "datastore_conflict",
                    json!({"message": "conflicting documents"}),
                ));
            }
            (Write::Create, requested) => requested
                .map(str::to_owned)
                .unwrap_or_else(|| hex::encode(rand::random::<[u8; 16]>())),
            (_, Some(existing)) if account.callflows.get(existing).is_some_and(|c| !c.deleted) => {
                existing.to_owned()
            }
            (_, other) => return Err(ApiError::bad_identifier(other.unwrap_or_default())),
        };
        rules::check_unique(account, &new_id, &doc)?;
        self.check_ownership(account_id, &doc)?;
        let account = self.accounts.get_mut(account_id).expect("checked above");
        let doc_map = doc.as_object().cloned().unwrap_or_default();
        let rev = account.callflows.get(&new_id).map_or(1, |c| c.rev + 1);
        account.callflows.insert(
            new_id.clone(),
            StoredDoc {
                doc: doc_map,
                rev,
                deleted: false,
            },
        );
        account.track_numbers();
        account.public_callflow(&new_id)
    }

    /// Numbers owned by another account → 403 (API.md §5.2 step 6).
    fn check_ownership(&self, account_id: &str, doc: &Value) -> Result<(), ApiError> {
        let listed = doc
            .get("numbers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str);
        let foreign: Vec<&str> = listed
            .filter(|n| {
                self.accounts
                    .values()
                    .any(|a| a.id != account_id && a.numbers.contains_key(*n))
            })
            .collect();
        if foreign.is_empty() {
            Ok(())
        } else {
            Err(ApiError::forbidden(&format!(
                "unauthorized to use {}",
                foreign.join(", ")
            )))
        }
    }

    /// Soft delete; returns the last public document.
    pub fn delete_callflow(
        &mut self,
        account_id: &str,
        id: &str,
    ) -> Result<(Value, String), ApiError> {
        let account = self
            .accounts
            .get_mut(account_id)
            .expect("authorised account exists");
        let (mut doc, rev) = account.public_callflow(id)?;
        let stored = account.callflows.get_mut(id).expect("just read");
        stored.deleted = true;
        stored.rev += 1;
        account.track_numbers();
        doc["_read_only"] = json!({"deleted": true});
        Ok((doc, rev))
    }
}

fn auth_data(account_id: &str, account_name: &str, owner_id: Option<&str>) -> Value {
    let mut data = json!({"account_id": account_id, "account_name": account_name, "language": "en-us",
        "apps": [], "is_reseller": false, "reseller_id": account_id, "is_master_account": false});
    if let Some(owner) = owner_id {
        data["owner_id"] = json!(owner);
    }
    data
}

/// Kazoo compares account names lower-cased with non-alphanumerics removed.
fn normalize_account_name(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase()
}

/// Kazoo's `merge_left`: objects merge recursively, `null` deletes a key,
/// anything else (arrays included) replaces. Kept keys keep their place.
pub(super) fn merge_left(target: &mut Value, patch: Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.shift_remove(&k);
                } else {
                    merge_left(t.entry(k).or_insert(Value::Null), v);
                }
            }
        }
        (t, p) => *t = p,
    }
}
