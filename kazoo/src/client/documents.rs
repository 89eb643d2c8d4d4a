//! Menus and media documents (`/v2/accounts/{id}/menus`, `/media`; Kazoo's
//! `crossbar-menus.md`, `crossbar-media.md`): get, create (PUT, 201),
//! replace (POST, optionally with `If-Match`) and delete. Errors map as
//! for callflows (API.md §3): `NotFound` for an unknown or deleted id,
//! `Validation` with Kazoo's dotted paths (`retries` → `maximum`),
//! `Conflict` for a stale `If-Match` or a re-used id, and every error
//! keeps Kazoo's request id.

use reqwest::Method;
use serde_json::Value;

use super::{KazooClient, KazooError};
use crate::types::{AuthToken, Doc};

/// The collections handled here, by URL noun.
const MENUS: &str = "menus";
const MEDIA: &str = "media";

impl KazooClient {
    /// `GET` one menu with its revision.
    ///
    /// # Errors
    /// `NotFound` for an unknown or deleted id, and the rest.
    pub async fn get_menu(
        &self,
        token: &AuthToken,
        account_id: &str,
        id: &str,
    ) -> Result<Doc, KazooError> {
        self.get_doc(token, account_id, MENUS, id).await
    }

    /// `PUT` a new menu (201); `doc` may carry an `id` to create it under.
    ///
    /// # Errors
    /// `Validation` (e.g. `name` `required`, `retries` `maximum`),
    /// `Conflict` when `doc.id` is taken, and the rest.
    pub async fn create_menu(
        &self,
        token: &AuthToken,
        account_id: &str,
        doc: &Value,
    ) -> Result<Doc, KazooError> {
        self.create_doc(token, account_id, MENUS, doc).await
    }

    /// `POST` (replace) a menu: the fields sent replace the stored ones.
    /// With `if_match` (the revision the change is based on) Kazoo refuses
    /// with 412 when the menu changed since.
    ///
    /// # Errors
    /// `NotFound`, `Validation`, `Conflict` (stale `if_match`) and the rest.
    pub async fn replace_menu(
        &self,
        token: &AuthToken,
        account_id: &str,
        id: &str,
        doc: &Value,
        if_match: Option<&str>,
    ) -> Result<Doc, KazooError> {
        let path = format!("accounts/{account_id}/{MENUS}/{id}");
        self.change(Method::POST, &path, token, Some(doc.clone()), if_match)
            .await
    }

    /// `DELETE` a menu (soft delete); returns the last document.
    ///
    /// # Errors
    /// `NotFound` when already deleted, `Conflict` (stale `if_match`).
    pub async fn delete_menu(
        &self,
        token: &AuthToken,
        account_id: &str,
        id: &str,
        if_match: Option<&str>,
    ) -> Result<Doc, KazooError> {
        let path = format!("accounts/{account_id}/{MENUS}/{id}");
        self.change(Method::DELETE, &path, token, None, if_match)
            .await
    }

    /// `GET` one media document (not its audio) with its revision.
    ///
    /// # Errors
    /// `NotFound` for an unknown or deleted id, and the rest.
    pub async fn get_media(
        &self,
        token: &AuthToken,
        account_id: &str,
        id: &str,
    ) -> Result<Doc, KazooError> {
        self.get_doc(token, account_id, MEDIA, id).await
    }

    /// `PUT` a new media document (201), e.g. a TTS one
    /// (`{"name", "media_source": "tts", "tts": {"text", "voice"}}`).
    ///
    /// # Errors
    /// `Validation` (e.g. `media_source` `enum`, `name` `required`),
    /// `Conflict` when `doc.id` is taken, and the rest.
    pub async fn create_media(
        &self,
        token: &AuthToken,
        account_id: &str,
        doc: &Value,
    ) -> Result<Doc, KazooError> {
        self.create_doc(token, account_id, MEDIA, doc).await
    }

    /// `POST` (replace) a media document; `if_match` as for menus.
    ///
    /// # Errors
    /// `NotFound`, `Validation`, `Conflict` (stale `if_match`) and the rest.
    pub async fn replace_media(
        &self,
        token: &AuthToken,
        account_id: &str,
        id: &str,
        doc: &Value,
        if_match: Option<&str>,
    ) -> Result<Doc, KazooError> {
        let path = format!("accounts/{account_id}/{MEDIA}/{id}");
        self.change(Method::POST, &path, token, Some(doc.clone()), if_match)
            .await
    }

    /// `DELETE` a media document (soft delete); returns the last document.
    ///
    /// # Errors
    /// `NotFound` when already deleted, `Conflict` (stale `if_match`).
    pub async fn delete_media(
        &self,
        token: &AuthToken,
        account_id: &str,
        id: &str,
        if_match: Option<&str>,
    ) -> Result<Doc, KazooError> {
        let path = format!("accounts/{account_id}/{MEDIA}/{id}");
        self.change(Method::DELETE, &path, token, None, if_match)
            .await
    }

    async fn get_doc(
        &self,
        token: &AuthToken,
        account_id: &str,
        noun: &str,
        id: &str,
    ) -> Result<Doc, KazooError> {
        let path = format!("accounts/{account_id}/{noun}/{id}");
        self.call(Method::GET, &path, Some(token), &[], None)
            .await?
            .into_doc()
    }

    async fn create_doc(
        &self,
        token: &AuthToken,
        account_id: &str,
        noun: &str,
        doc: &Value,
    ) -> Result<Doc, KazooError> {
        let path = format!("accounts/{account_id}/{noun}");
        self.call(Method::PUT, &path, Some(token), &[], Some(doc.clone()))
            .await?
            .into_doc()
    }
}
