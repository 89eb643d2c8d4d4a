//! The listings the callflow editor's pickers need: menus, media, users,
//! devices and voicemail boxes of an account, every page followed. Each
//! row is a small summary ([`Pickable`](crate::types::Pickable): id and
//! display name).

use super::{KazooClient, KazooError};
use crate::types::{
    AuthToken, DeviceSummary, MediaSummary, MenuSummary, UserSummary, VmboxSummary,
};

impl KazooClient {
    /// Every menu of the account (`GET /menus`, every page).
    ///
    /// # Errors
    /// Any error of the underlying calls.
    pub async fn list_menus(
        &self,
        token: &AuthToken,
        account_id: &str,
    ) -> Result<Vec<MenuSummary>, KazooError> {
        self.list_rows(token, &format!("accounts/{account_id}/menus"))
            .await
    }

    /// Every media document of the account (`GET /media`, every page).
    ///
    /// # Errors
    /// Any error of the underlying calls.
    pub async fn list_media(
        &self,
        token: &AuthToken,
        account_id: &str,
    ) -> Result<Vec<MediaSummary>, KazooError> {
        self.list_rows(token, &format!("accounts/{account_id}/media"))
            .await
    }

    /// Every user of the account (`GET /users`, every page; Kazoo sorts
    /// them by last then first name).
    ///
    /// # Errors
    /// Any error of the underlying calls.
    pub async fn list_users(
        &self,
        token: &AuthToken,
        account_id: &str,
    ) -> Result<Vec<UserSummary>, KazooError> {
        self.list_rows(token, &format!("accounts/{account_id}/users"))
            .await
    }

    /// Every device of the account (`GET /devices`, every page).
    ///
    /// # Errors
    /// Any error of the underlying calls.
    pub async fn list_devices(
        &self,
        token: &AuthToken,
        account_id: &str,
    ) -> Result<Vec<DeviceSummary>, KazooError> {
        self.list_rows(token, &format!("accounts/{account_id}/devices"))
            .await
    }

    /// Every voicemail box of the account (`GET /vmboxes`, every page).
    ///
    /// # Errors
    /// Any error of the underlying calls.
    pub async fn list_vmboxes(
        &self,
        token: &AuthToken,
        account_id: &str,
    ) -> Result<Vec<VmboxSummary>, KazooError> {
        self.list_rows(token, &format!("accounts/{account_id}/vmboxes"))
            .await
    }
}
