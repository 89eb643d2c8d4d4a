//! The bound on an account's outbound checks at once: a URL check or a
//! walk's move holds a [`Permit`] while it requests and reads; past
//! [`CHECKS_PER_ACCOUNT`] the next one is told the checker is busy (so
//! one account cannot keep the server's workers and sockets to itself).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use crate::error::AppError;

/// Outbound checks one account may have under way at once.
pub const CHECKS_PER_ACCOUNT: usize = 2;

/// Checks under way, by account (an account with none has no entry).
#[derive(Debug, Clone, Default)]
pub struct AccountLimit(Arc<Mutex<HashMap<String, usize>>>);

/// One check under way; dropping it frees its place.
#[derive(Debug)]
pub struct Permit {
    limit: AccountLimit,
    account_id: String,
}

impl AccountLimit {
    /// A place for one more check of `account_id`.
    ///
    /// # Errors
    /// `Conflict` when the account already has [`CHECKS_PER_ACCOUNT`].
    pub fn try_acquire(&self, account_id: &str) -> Result<Permit, AppError> {
        let mut busy = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = busy.entry(account_id.to_owned()).or_default();
        if *count >= CHECKS_PER_ACCOUNT {
            return Err(AppError::Conflict(format!(
                "The checker is busy: this account already has {CHECKS_PER_ACCOUNT} checks or \
                 walks under way. Try again in a moment."
            )));
        }
        *count += 1;
        Ok(Permit {
            limit: self.clone(),
            account_id: account_id.to_owned(),
        })
    }

    /// Checks under way for `account_id`.
    pub fn under_way(&self, account_id: &str) -> usize {
        let busy = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        busy.get(account_id).copied().unwrap_or(0)
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut busy = self
            .limit
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(count) = busy.get_mut(&self.account_id) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                busy.remove(&self.account_id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_past_its_bound_is_told_to_try_again_others_are_not() {
        let limit = AccountLimit::default();
        let held: Vec<Permit> = (0..CHECKS_PER_ACCOUNT)
            .map(|_| limit.try_acquire("a").unwrap())
            .collect();
        let busy = limit.try_acquire("a").unwrap_err();
        assert!(busy.to_string().contains("Try again"), "{busy}");
        assert!(limit.try_acquire("b").is_ok(), "another account goes on");
        drop(held);
        assert_eq!(limit.under_way("a"), 0, "freed, and the entry gone");
        assert!(limit.try_acquire("a").is_ok());
    }
}
