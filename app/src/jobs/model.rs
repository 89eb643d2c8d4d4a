//! Jobs as pages and the JSON API show them (both targets).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What a job does (Postgres enum `job_kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "job_kind", rename_all = "lowercase")
)]
pub enum JobKind {
    /// Syncs drafts to Kazoo, one item per draft.
    Sync,
    /// Reads the account's routing from Kazoo into the snapshot (one item).
    Refresh,
}

impl JobKind {
    /// The job's name on pages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Sync => "Sync drafts",
            Self::Refresh => "Refresh from Kazoo",
        }
    }
}

/// Where a job stands (Postgres enum `job_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "job_state", rename_all = "lowercase")
)]
pub enum JobState {
    /// Its items are being taken by the workers.
    Running,
    /// Waits for an admin of the account to sign in again (the Kazoo token
    /// expired); resumes then.
    Paused,
    /// Stopped by an admin; items not yet run were left as they were.
    Cancelled,
    /// Every item ran.
    Done,
}

impl JobState {
    /// The state in words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Running => "Running",
            Self::Paused => "Paused",
            Self::Cancelled => "Cancelled",
            Self::Done => "Done",
        }
    }

    /// Whether the job may still change (live pages keep asking).
    pub fn is_active(self) -> bool {
        matches!(self, Self::Running | Self::Paused)
    }
}

/// Where one item stands (Postgres enum `job_item_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(
    feature = "ssr",
    sqlx(type_name = "job_item_state", rename_all = "lowercase")
)]
pub enum ItemState {
    /// Waits for its turn (or for a retry after a failure Kazoo may get
    /// over).
    Queued,
    /// A worker runs it now.
    Running,
    /// Synced (or, for a refresh, the snapshot was replaced).
    Done,
    /// Failed for a reason the admin must act on (`message`).
    Failed,
    /// Not run: the draft was discarded, or is not in a state to sync.
    Skipped,
    /// The job was cancelled before this item ran.
    Cancelled,
}

impl ItemState {
    /// The state in words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Queued => "Waiting",
            Self::Running => "Running",
            Self::Done => "Done",
            Self::Failed => "Failed",
            Self::Skipped => "Skipped",
            Self::Cancelled => "Cancelled",
        }
    }
}

/// A job's counts, with the pace so far.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Items in the job.
    pub total: u32,
    pub done: u32,
    pub failed: u32,
    /// Skipped and cancelled items.
    pub skipped: u32,
    /// Queued and running items.
    pub left: u32,
    /// Items finished (done, failed or skipped) per minute since the job
    /// started; `None` before the first one.
    pub per_minute: Option<f64>,
    /// Seconds until the items left are done at that pace; `None` when
    /// unknown or nothing is left.
    pub seconds_left: Option<u64>,
}

impl Progress {
    /// Fills in the pace from the counts and the seconds the job has run.
    pub fn with_pace(mut self, elapsed_secs: f64) -> Self {
        let finished = self.done + self.failed + self.skipped;
        if finished > 0 && elapsed_secs > 0.0 {
            let per_second = f64::from(finished) / elapsed_secs;
            self.per_minute = Some(per_second * 60.0);
            if self.left > 0 {
                self.seconds_left = Some((f64::from(self.left) / per_second).ceil() as u64);
            }
        }
        self
    }
}

/// One item of a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemView {
    pub item_no: i32,
    /// The draft a sync item syncs (`None` for a refresh).
    pub draft_id: Option<String>,
    /// The draft's name when the job was made.
    pub draft_name: Option<String>,
    pub state: ItemState,
    /// Runs started so far.
    pub attempts: i32,
    /// The outcome (failed, skipped) or the last failure before a retry,
    /// in the admin's words.
    pub message: Option<String>,
}

/// A job as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobView {
    pub job_id: String,
    pub kind: JobKind,
    pub state: JobState,
    /// Why a paused job waits.
    pub pause_reason: Option<String>,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub finished_at: Option<OffsetDateTime>,
    pub progress: Progress,
    /// A refresh's callflows read so far, of those listed (0 of 0 before
    /// the listing).
    pub read: (u32, u32),
}

/// A job with its items (a page of them, failed first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobDetail {
    pub job: JobView,
    pub items: Vec<ItemView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pace_comes_from_the_items_finished_and_the_time_so_far() {
        let progress = Progress {
            total: 100,
            done: 20,
            failed: 5,
            skipped: 5,
            left: 70,
            ..Progress::default()
        }
        .with_pace(60.0);
        assert_eq!(progress.per_minute, Some(30.0));
        assert_eq!(progress.seconds_left, Some(140));
    }

    #[test]
    fn no_pace_before_the_first_item_and_no_time_left_at_the_end() {
        let start = Progress {
            total: 3,
            left: 3,
            ..Progress::default()
        }
        .with_pace(10.0);
        assert_eq!((start.per_minute, start.seconds_left), (None, None));
        let end = Progress {
            total: 3,
            done: 3,
            ..Progress::default()
        }
        .with_pace(6.0);
        assert_eq!((end.per_minute, end.seconds_left), (Some(30.0), None));
    }
}
